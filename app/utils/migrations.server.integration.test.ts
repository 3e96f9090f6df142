import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest'
import { withDatabase } from '../../tests/setup/global-postgres'
import { applyMigrations, getMigrationStatus, MigrationError, readMigrationFiles } from './migrations.server'

const adminUrl = inject('postgresAdminUrl')
let dir: string
let client: pg.Client
let database: string

async function addMigration(name: string, sql: string) {
  await mkdir(path.join(dir, name), { recursive: true })
  await writeFile(path.join(dir, name, 'migration.sql'), sql)
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'esd-migrations-'))
  database = `esd_test_mig_${Math.random().toString(36).slice(2, 10)}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE "${database}"`)
  await admin.end()
  client = new pg.Client({ connectionString: withDatabase(adminUrl, database) })
  await client.connect()
})

afterEach(async () => {
  await client.end()
  await rm(dir, { recursive: true, force: true })
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
  await admin.end()
})


describe('applyMigrations', () => {
  it('applies pending migrations in name order and records them the way Prisma does', async () => {
    await addMigration('20260102000000_second', 'ALTER TABLE widgets ADD COLUMN size int;')
    await addMigration('20260101000000_first', 'CREATE TABLE widgets (id int PRIMARY KEY);')
    expect(await applyMigrations(client, { dir })).toEqual(['20260101000000_first', '20260102000000_second'])

    const rows = await client.query(
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
    )
    const files = await readMigrationFiles(dir)
    expect(rows.rows).toEqual(
      files.map((f) => ({
        migration_name: f.name,
        checksum: createHash('sha256').update(f.sql).digest('hex'),
        finished_at: expect.any(Date),
        applied_steps_count: 1,
      })),
    )
    await client.query('INSERT INTO widgets (id, size) VALUES (1, 2)')
  })

  it('does nothing the second time', async () => {
    await addMigration('20260101000000_first', 'CREATE TABLE widgets (id int PRIMARY KEY);')
    await applyMigrations(client, { dir })
    expect(await applyMigrations(client, { dir })).toEqual([])
    expect(await getMigrationStatus(client, dir)).toMatchObject({ pending: [], failed: [], applied: ['20260101000000_first'] })
  })

  it('rolls a failing migration back entirely, says which one failed, and retries it next time', async () => {
    await addMigration('20260101000000_first', 'CREATE TABLE widgets (id int PRIMARY KEY);')
    await addMigration('20260102000000_broken', 'CREATE TABLE gadgets (id int); SELECT no_such_function();')
    await expect(applyMigrations(client, { dir })).rejects.toThrowError(/20260102000000_broken failed/)
    const gadgets = await client.query(`SELECT to_regclass('public.gadgets') AS t`)
    expect(gadgets.rows[0].t).toBeNull()
    expect(await getMigrationStatus(client, dir)).toMatchObject({
      applied: ['20260101000000_first'],
      pending: ['20260102000000_broken'],
    })

    await addMigration('20260102000000_broken', 'CREATE TABLE gadgets (id int);')
    expect(await applyMigrations(client, { dir })).toEqual(['20260102000000_broken'])
  })

  it('refuses to continue past a migration that started and never finished', async () => {
    await addMigration('20260101000000_first', 'CREATE TABLE widgets (id int PRIMARY KEY);')
    await applyMigrations(client, { dir })
    await addMigration('20260102000000_half', 'SELECT 1;')
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES (gen_random_uuid()::text, 'x', '20260102000000_half')`,
    )
    await expect(applyMigrations(client, { dir })).rejects.toBeInstanceOf(MigrationError)
    await expect(applyMigrations(client, { dir })).rejects.toThrowError(/20260102000000_half started but did not finish/)
  })

  it('applies each migration once when several processes start together', async () => {
    await addMigration('20260101000000_first', 'CREATE TABLE widgets (id int PRIMARY KEY);')
    await addMigration('20260102000000_second', 'INSERT INTO widgets VALUES (1);')
    const others = await Promise.all(
      [1, 2, 3].map(async () => {
        const c = new pg.Client({ connectionString: withDatabase(adminUrl, database) })
        await c.connect()
        return c
      }),
    )
    try {
      const results = await Promise.all(others.map((c) => applyMigrations(c, { dir })))
      expect(results.flat().sort()).toEqual(['20260101000000_first', '20260102000000_second'])
      expect((await client.query('SELECT count(*)::int AS n FROM widgets')).rows[0].n).toBe(1)
    } finally {
      await Promise.all(others.map((c) => c.end()))
    }
  })

  it('reports a migration edited after it was applied', async () => {
    await addMigration('20260101000000_first', 'CREATE TABLE widgets (id int PRIMARY KEY);')
    await applyMigrations(client, { dir })
    await addMigration('20260101000000_first', 'CREATE TABLE widgets (id bigint PRIMARY KEY);')
    const logged: string[] = []
    await applyMigrations(client, { dir, log: (m) => logged.push(m) })
    expect(logged).toEqual([expect.stringMatching(/20260101000000_first was changed after it was applied/)])
  })
})

describe('the project migrations', () => {
  it('are all applied to the template every test database is cloned from', async () => {
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await c.connect()
    try {
      const status = await getMigrationStatus(c)
      expect(status.pending).toEqual([])
      expect(status.applied.length).toBeGreaterThan(0)
    } finally {
      await c.end()
    }
  })
})
