import { readFile } from 'node:fs/promises'
import pg from 'pg'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { diffSchemasToSql, readSchema } from '../../scripts/lib/prisma-schema-diff'
import { withDatabase } from '../setup/global-postgres'
import { PARTIAL_INDEXES, schemaSnapshot } from '../support/schema-snapshot'

/**
 * prisma/migrations must build exactly the database schema.prisma describes.
 * We apply Prisma's own SQL for schema.prisma to an empty database and
 * compare it, catalog against catalog, with the migrated one.
 */
const adminUrl = inject('postgresAdminUrl')
/** What the migrations create with CREATE EXTENSION (prisma/migrations/*_lead_search). */
const EXTENSIONS = ['pg_trgm']
const created: string[] = []

async function databaseFromSchema(schema: string): Promise<string> {
  const name = `esd_test_drift_${created.length}_${Date.now()}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE "${name}"`)
  await admin.end()
  created.push(name)
  const url = withDatabase(adminUrl, name)
  const sql = await diffSchemasToSql({ from: { kind: 'empty' }, to: schema, databaseUrl: url })
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  // Extensions are the migrations' to create (Prisma manages them only behind a preview feature); schema.prisma uses their opclasses.
  await client.query(EXTENSIONS.map((name) => `CREATE EXTENSION IF NOT EXISTS ${name};`).join('\n'))
  await client.query(sql)
  await client.end()
  return url
}

afterAll(async () => {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  for (const name of created) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  await admin.end()
})

describe('schema.prisma and prisma/migrations', () => {
  it('describe the same database', async () => {
    const migrated = await schemaSnapshot(process.env.DATABASE_URL!)
    const declared = await schemaSnapshot(await databaseFromSchema(await readSchema()))
    expect(migrated.tables.length).toBeGreaterThan(5)
    expect(migrated).toEqual(declared)
  })

  it('would notice a model field that no migration creates', async () => {
    const schema = (await readSchema()).replace(
      /model Organization \{/,
      'model Organization {\n  driftCanary String? @map("drift_canary")',
    )
    const migrated = await schemaSnapshot(process.env.DATABASE_URL!)
    const declared = await schemaSnapshot(await databaseFromSchema(schema))
    expect(migrated).not.toEqual(declared)
    expect(declared.columns).toContainEqual(expect.objectContaining({ table: 'organizations', column: 'drift_canary' }))
  })

  it('has the partial indexes schema.prisma cannot declare, with their predicates', async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL! })
    await client.connect()
    try {
      const { rows } = await client.query<{ name: string; predicate: string }>(
        `SELECT indexname AS name, substring(indexdef FROM ' (WHERE .*)$') AS predicate FROM pg_indexes WHERE schemaname = 'public' AND indexname = ANY($1::text[])`,
        [Object.keys(PARTIAL_INDEXES)],
      )
      expect(Object.fromEntries(rows.map((r) => [r.name, r.predicate]))).toEqual(PARTIAL_INDEXES)
    } finally {
      await client.end()
    }
  })

  it('keeps Prisma’s migration lock for PostgreSQL', async () => {
    expect(await readFile('prisma/migrations/migration_lock.toml', 'utf8')).toMatch(/provider = "postgresql"/)
  })
})
