import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { applyMigrations } from '../../app/utils/migrations.server'
import { startEmbeddedPostgres } from '../../scripts/lib/embedded-postgres'

export const TEMPLATE_DATABASE = 'esd_template'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of the test cluster's maintenance database. */
    postgresAdminUrl: string
  }
}

/**
 * One real Postgres for the whole run (or the one in TEST_DATABASE_URL), and
 * a template database with every migration applied. Test files clone it.
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
    await admin.query(`CREATE DATABASE "${TEMPLATE_DATABASE}"`)
  } finally {
    await admin.end()
  }
  const template = new pg.Client({ connectionString: withDatabase(adminUrl, TEMPLATE_DATABASE) })
  await template.connect()
  try {
    await applyMigrations(template)
  } finally {
    await template.end()
  }
  project.provide('postgresAdminUrl', adminUrl)
  return stop
}

export function withDatabase(url: string, database: string) {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.href
}
