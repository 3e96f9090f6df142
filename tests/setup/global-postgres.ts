import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { migrateDatabase } from '../../app/utils/migrate-database.server'
import { databaseUrl, prepareEmbeddedDatabase } from '../../scripts/lib/database-roles'
import { startEmbeddedPostgres } from '../../scripts/lib/embedded-postgres'

export const TEMPLATE_DATABASE = 'esd_template'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of the test cluster's maintenance database, as a superuser. */
    postgresAdminUrl: string
  }
}

/**
 * One real Postgres for the whole run (or the one in TEST_DATABASE_URL), and
 * a template database with every migration applied, owned by `esd_owner`
 * and with `esd_app` granted what the app needs, as in production
 * (docs/decisions/014). Test files clone it.
 */
export default async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_URL
  let stop = async () => {}
  if (!adminUrl) {
    const cluster = await startEmbeddedPostgres({
      // Overridable so two test processes can run side by side on one checkout.
      dataDir: path.resolve(process.env.TEST_PG_DATA_DIR || '.data/test/postgres'),
      ephemeral: true,
    })
    adminUrl = cluster.url('postgres')
    stop = () => cluster.stop()
    if (cluster.relocated) {
      process.stdout.write(
        `Test Postgres runs as the system user esdpostgres, which cannot enter this checkout's folder: its data is in ${cluster.dataDir}\n`,
      )
    }
  }
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    // Leftovers of an interrupted run.
    const stale = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE 'esd_test_%'`,
      [TEMPLATE_DATABASE],
    )
    for (const { datname } of stale.rows) await admin.query(`DROP DATABASE "${datname}" WITH (FORCE)`)
  } finally {
    await admin.end()
  }
  const urls = await prepareEmbeddedDatabase({ adminUrl, database: TEMPLATE_DATABASE })
  await migrateDatabase({ migrationUrl: urls.migrationUrl, appUrl: urls.url })
  project.provide('postgresAdminUrl', adminUrl)
  return stop
}

export function withDatabase(url: string, database: string) {
  return databaseUrl(url, database)
}
