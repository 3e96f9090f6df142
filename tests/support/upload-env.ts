import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { resetEnv } from '~/utils/env.server'

const S3_VARIABLES = ['S3_BUCKET', 'S3_REGION', 'S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE']

/** Points the upload store at a fresh temporary folder (local disk); returns how to undo it. */
export async function useLocalUploadStore(): Promise<{ root: string; restore: () => Promise<void> }> {
  const root = await mkdtemp(path.join(tmpdir(), 'esd-uploads-'))
  const saved = { UPLOADS_DIR: process.env.UPLOADS_DIR, ...Object.fromEntries(S3_VARIABLES.map((name) => [name, process.env[name]])) }
  for (const name of S3_VARIABLES) delete process.env[name]
  process.env.UPLOADS_DIR = root
  resetEnv()
  return {
    root,
    async restore() {
      restoreEnv(saved)
      await rm(root, { recursive: true, force: true })
    },
  }
}

/** Points the upload store at S3-compatible storage with these variables; returns how to undo it. */
export function useS3UploadStore(env: Record<string, string>): { restore: () => void } {
  const saved = Object.fromEntries(S3_VARIABLES.map((name) => [name, process.env[name]]))
  Object.assign(process.env, env)
  resetEnv()
  return { restore: () => restoreEnv(saved) }
}

function restoreEnv(saved: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  resetEnv()
}
