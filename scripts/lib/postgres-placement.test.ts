import { mkdir, mkdtemp, rm, chmod } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { canTraverse, checkoutRoot, relocatedDataDir, relocationFolder, RELOCATION_ROOT } from './postgres-placement'

const made: string[] = []
afterAll(async () => {
  for (const dir of made) {
    await chmod(dir, 0o755).catch(() => {})
    await rm(dir, { recursive: true, force: true })
  }
})

describe('relocatedDataDir', () => {
  it('keeps a data folder’s path inside the checkout, under a folder of the checkout’s own', () => {
    const folder = relocationFolder()
    expect(folder).toMatch(new RegExp(`^${RELOCATION_ROOT}/${path.basename(checkoutRoot)}-[0-9a-f]{10}$`))
    expect(relocatedDataDir(path.join(checkoutRoot, '.data/postgres'))).toBe(path.join(folder, '.data/postgres'))
    expect(relocatedDataDir(path.join(checkoutRoot, '.data/e2e/postgres'))).toBe(path.join(folder, '.data/e2e/postgres'))
  })

  it('gives another checkout, and a folder outside the checkout, places of their own', () => {
    expect(relocationFolder('/root/other-checkout')).not.toBe(relocationFolder())
    expect(relocationFolder('/root/other-checkout')).toBe(relocationFolder('/root/other-checkout'))
    const outside = relocatedDataDir('/srv/private/pg')
    expect(outside).toMatch(new RegExp(`^${relocationFolder()}/external/pg-[0-9a-f]{10}$`))
    expect(relocatedDataDir('/srv/other/pg')).not.toBe(outside)
  })
})

describe('canTraverse', () => {
  it('follows the owner, group and other execute bits of every folder on the way', async () => {
    const base = await mkdtemp(path.join(tmpdir(), 'esd-traverse-'))
    made.push(base)
    const inner = path.join(base, 'a', 'b')
    await mkdir(inner, { recursive: true })
    await chmod(base, 0o755)
    const stranger = { uid: 4_000_001, gid: 4_000_001 }
    expect(canTraverse(inner, stranger)).toBe(true)
    await chmod(path.join(base, 'a'), 0o750)
    expect(canTraverse(inner, stranger)).toBe(false)
    expect(canTraverse(base, stranger)).toBe(true)
    // Not running as another user: nothing to check.
    expect(canTraverse(inner, {})).toBe(true)
  })
})
