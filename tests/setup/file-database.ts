import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, inject } from 'vitest'
import { databaseUrl, EMBEDDED_ROLES } from '../../scripts/lib/database-roles'
import { TEMPLATE_DATABASE } from './global-postgres'

/**
 * Before any module of this test file opens a connection, clone the migrated
 * template into a database of the file's own; drop it when the file is done.
 * No two files ever see each other's rows. The app connects as `esd_app`, like
 * production; DATABASE_MIGRATION_URL (`esd_owner`) is there for the few tests
 * that need the owner (tests/support/owner-database.ts).
 */
const adminUrl = inject('postgresAdminUrl')
const database = `esd_test_${randomBytes(6).toString('hex')}`

const admin = new pg.Client({ connectionString: adminUrl })
await admin.connect()
await admin.query(
  `CREATE DATABASE "${database}" TEMPLATE "${TEMPLATE_DATABASE}" OWNER "${EMBEDDED_ROLES.owner.name}" STRATEGY FILE_COPY`,
)
await admin.end()

process.env.DATABASE_URL = databaseUrl(adminUrl, database, EMBEDDED_ROLES.app)
process.env.DATABASE_MIGRATION_URL = databaseUrl(adminUrl, database, EMBEDDED_ROLES.owner)
process.env.TEST_DATABASE_NAME = database

afterAll(async () => {
  const { disconnectDb } = await import('~/utils/db.server')
  await disconnectDb()
  const cleanup = new pg.Client({ connectionString: adminUrl })
  await cleanup.connect()
  await cleanup.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
  await cleanup.end()
})
