import type pg from 'pg'
import { pool as appPool } from '~/utils/db.server'
import { migrations } from '~/generated/migrations'
import { getMigrationStatus } from '~/utils/migrations.server'

export type Readiness =
  | { status: 'ready'; migrations: number }
  | { status: 'not_ready'; reason: string }

const TIMEOUT_MS = 2_000

export async function checkReadiness({ pool = appPool, timeoutMs = TIMEOUT_MS }: { pool?: pg.Pool; timeoutMs?: number } = {}): Promise<Readiness> {
  let client
  const connecting = pool.connect()
  try {
    client = await withTimeout(connecting, 'connecting to the database', timeoutMs)
  } catch (error) {
    // A connection that arrives after we gave up must still go back to the
    // pool, or slow probes would drain it.
    connecting.then((late) => late.release(), () => {})
    return { status: 'not_ready', reason: `database unreachable: ${(error as Error).message}` }
  }
  let broken = false
  try {
    const status = await withTimeout(getMigrationStatus(client, migrations), 'reading migration status', timeoutMs)
    if (status.failed.length) return { status: 'not_ready', reason: `failed migrations: ${status.failed.join(', ')}` }
    if (status.pending.length) return { status: 'not_ready', reason: `pending migrations: ${status.pending.join(', ')}` }
    return { status: 'ready', migrations: status.applied.length }
  } catch (error) {
    broken = true
    return { status: 'not_ready', reason: `database error: ${(error as Error).message}` }
  } finally {
    // A connection that failed mid-query is discarded, not returned to the pool.
    client.release(broken)
  }
}

function withTimeout<T>(promise: Promise<T>, what: string, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out ${what}`)), timeoutMs)
    }),
  ])
}
