import { rm } from 'node:fs/promises'
import path from 'node:path'
import { prepareEmbeddedDatabase } from '../../scripts/lib/database-roles.ts'
import { claimDataDir, startEmbeddedPostgres } from '../../scripts/lib/embedded-postgres.ts'

/**
 * A throwaway embedded Postgres for the measure-*.ts scripts: started in
 * `.data/<name>`, the database migrated, DATABASE_URL and the owner's URL set
 * (app modules imported after this see them). `stop` removes it all.
 */
export async function startMeasureDatabase(name: string, log: (line: string) => void) {
  const dataDir = path.join(path.resolve(import.meta.dirname, '../..'), '.data', name)
  await claimDataDir(dataDir, log)
  await rm(dataDir, { recursive: true, force: true })
  const postgres = await startEmbeddedPostgres({ dataDir, ephemeral: true, log: () => {} })
  const stop = async () => {
    await postgres.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
  try {
    const { url, migrationUrl } = await prepareEmbeddedDatabase({ adminUrl: postgres.url('postgres'), database: 'measure' })
    process.env.DATABASE_URL = url
    process.env.DATABASE_MIGRATION_URL = migrationUrl
    process.env.LOG_LEVEL = 'silent'
    const { migrateDatabase } = await import('../../app/utils/migrate-database.server.ts')
    await migrateDatabase({ migrationUrl, appUrl: url })
    return { url, migrationUrl, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
