import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, inject } from 'vitest'
import { TEMPLATE_DATABASE, withDatabase } from './global-postgres'

/**
 * Before any module of this test file opens a connection, clone the migrated
 * template into a database of the file's own; drop it when the file is done.
 * No two files ever see each other's rows.
 */
const adminUrl = inject('postgresAdminUrl')
const database = `esd_test_${randomBytes(6).toString('hex')}`

const admin = new pg.Client({ connectionString: adminUrl })
await admin.connect()
await admin.query(`CREATE DATABASE "${database}" TEMPLATE "${TEMPLATE_DATABASE}" STRATEGY FILE_COPY`)
await admin.end()

process.env.DATABASE_URL = withDatabase(adminUrl, database)
process.env.TEST_DATABASE_NAME = database

afterAll(async () => {
  const { disconnectDb } = await import('~/utils/db.server')
  await disconnectDb()
  const cleanup = new pg.Client({ connectionString: adminUrl })
  await cleanup.connect()
  await cleanup.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
  await cleanup.end()
})
