import { createHash, randomUUID } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import type { ClientBase } from 'pg'

/**
 * Applies `prisma/migrations/<name>/migration.sql` in order and records them in
 * Prisma's own `_prisma_migrations` table (same columns, same sha256 checksums),
 * so `prisma migrate deploy`/`status` run elsewhere agree with what we did.
 * Why we do not shell out to the Prisma CLI: docs/decisions/001-prisma-7-and-migrations.md
 */

export type MigrationFile = { name: string; checksum: string; sql: string }

export type MigrationStatus = {
  applied: string[]
  pending: string[]
  /** Started but never finished (a crash or an SQL error): needs a human. */
  failed: string[]
  /** Applied, but the file changed afterwards. */
  modified: string[]
}

export class MigrationError extends Error {
  override name = 'MigrationError'
}

export const defaultMigrationsDir = () => path.resolve(process.cwd(), 'prisma/migrations')

// Any constant works; it only has to be the same for every process.
const MIGRATION_LOCK_KEY = 72_707_369

const createTableSql = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`

export async function readMigrationFiles(dir = defaultMigrationsDir()): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8')
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') }
    }),
  )
}

type AppliedRow = {
  migration_name: string
  checksum: string
  finished_at: Date | null
  rolled_back_at: Date | null
}

async function readAppliedRows(client: ClientBase): Promise<AppliedRow[] | null> {
  const exists = await client.query<{ exists: boolean }>(
    `SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS exists`,
  )
  if (!exists.rows[0]?.exists) return null
  const result = await client.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at
       FROM "_prisma_migrations" ORDER BY started_at, migration_name`,
  )
  return result.rows
}

/**
 * Compares the database with the migrations the code expects: the files in
 * `dir`, or a list (the manifest bundled into the server build).
 */
export async function getMigrationStatus(
  client: ClientBase,
  expected: string | { name: string; checksum: string }[] = defaultMigrationsDir(),
): Promise<MigrationStatus> {
  const files = typeof expected === 'string' ? await readMigrationFiles(expected) : expected
  const rows = (await readAppliedRows(client)) ?? []
  const live = rows.filter((r) => r.rolled_back_at === null)
  const finished = new Map(live.filter((r) => r.finished_at).map((r) => [r.migration_name, r]))
  const failed = live.filter((r) => !r.finished_at).map((r) => r.migration_name)
  return {
    applied: files.filter((f) => finished.has(f.name)).map((f) => f.name),
    pending: files.filter((f) => !finished.has(f.name) && !failed.includes(f.name)).map((f) => f.name),
    failed,
    modified: files
      .filter((f) => finished.has(f.name) && finished.get(f.name)?.checksum !== f.checksum)
      .map((f) => f.name),
  }
}

/**
 * Applies every pending migration, one transaction each, under an advisory
 * lock so concurrent boots (several serverless instances, parallel test
 * workers) apply each migration exactly once. Returns the names applied.
 */
export async function applyMigrations(
  client: ClientBase,
  { dir = defaultMigrationsDir(), log = (_msg: string) => {} } = {},
): Promise<string[]> {
  const files = await readMigrationFiles(dir)
  return withMigrationLock(client, async () => {
    await client.query(createTableSql)
    const status = await getMigrationStatus(client, dir)
    if (status.failed.length > 0) {
      throw new MigrationError(
        `Migration ${status.failed.join(', ')} started but did not finish. ` +
          'Fix the database by hand, then mark it rolled back ' +
          `(UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '…') and start again.`,
      )
    }
    for (const name of status.modified) {
      log(`migration ${name} was changed after it was applied; the database keeps the old version`)
    }
    const applied: string[] = []
    for (const file of files.filter((f) => status.pending.includes(f.name))) {
      const id = randomUUID()
      await client.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), 0)`,
        [id, file.checksum, file.name],
      )
      try {
        // A multi-statement simple query runs as one implicit transaction.
        await client.query(file.sql)
      } catch (error) {
        // The implicit transaction rolled the whole file back, so the row is
        // marked rolled back too and the next start tries the fixed file again.
        const message = error instanceof Error ? error.message : String(error)
        await client.query(
          `UPDATE "_prisma_migrations" SET logs = $2, rolled_back_at = now() WHERE id = $1`,
          [id, message],
        )
        throw new MigrationError(`Migration ${file.name} failed and was rolled back: ${message}`)
      }
      await client.query(
        `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
        [id],
      )
      log(`applied migration ${file.name}`)
      applied.push(file.name)
    }
    return applied
  })
}

/**
 * Runs `fn` while no other process migrates this database. Session-level and
 * re-entrant, so a caller may hold it around applyMigrations and a step of its own.
 */
export async function withMigrationLock<T>(client: ClientBase, fn: () => Promise<T>): Promise<T> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY])
  try {
    return await fn()
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
  }
}
