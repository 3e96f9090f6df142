import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { text } from 'node:stream/consumers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resetEnv } from '~/utils/env.server'
import { openStoredFile } from './upload-store.server'

let base = ''
let root = ''

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'upload-store-local-'))
  root = path.join(base, 'uploads')
  await mkdir(path.join(root, 'org'), { recursive: true })
  await writeFile(path.join(root, 'org', 'file.csv'), 'name,phone\nAda,555\n')
  await writeFile(path.join(base, 'secret.txt'), 'not an upload')
  await symlink(path.join(base, 'secret.txt'), path.join(root, 'org', 'link.csv'))
  process.env.UPLOADS_DIR = root
  resetEnv()
})

afterAll(async () => {
  delete process.env.UPLOADS_DIR
  resetEnv()
  await rm(base, { recursive: true, force: true })
})

describe('openStoredFile (local store)', () => {
  it('streams the file from a byte offset, by key or by absolute path under the root', async () => {
    expect(await text(await openStoredFile({ storage: 'local', storageKey: 'org/file.csv' }))).toBe('name,phone\nAda,555\n')
    expect(await text(await openStoredFile({ storage: 'local', storageKey: 'org/file.csv', start: 11 }))).toBe('Ada,555\n')
    const absolute = path.join(root, 'org', 'file.csv')
    expect(await text(await openStoredFile({ storage: 'local', storageKey: absolute, start: 11 }))).toBe('Ada,555\n')
  })

  it('refuses keys that lead outside the root, by .., by absolute path or through a symbolic link', async () => {
    for (const storageKey of ['../secret.txt', 'org/../../secret.txt', path.join(base, 'secret.txt'), 'org/link.csv', '.', '']) {
      await expect(openStoredFile({ storage: 'local', storageKey }), storageKey).rejects.toMatchObject({
        code: 'stored_file_outside_store',
      })
    }
  })

  it('says when the file is gone, and refuses storage it cannot read', async () => {
    await expect(openStoredFile({ storage: 'local', storageKey: 'org/missing.csv' })).rejects.toMatchObject({ code: 'stored_file_not_found', status: 404 })
    await expect(openStoredFile({ storage: 'ftp', storageKey: 'org/file.csv' })).rejects.toMatchObject({ code: 'unknown_storage' })
  })
})
