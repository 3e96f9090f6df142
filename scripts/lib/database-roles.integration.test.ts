import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { migrateDatabase } from '../../app/utils/migrate-database.server'
import { applyMigrations } from '../../app/utils/migrations.server'
import { databaseUrl, prepareEmbeddedDatabase } from './database-roles'

/** The embedded default's database, as `npm start` prepares it (as the cluster's superuser). */

const adminUrl = inject('postgresAdminUrl')
const created: string[] = []
const name = () => {
  const database = `esd_test_roles_${randomBytes(4).toString('hex')}`
  created.push(database)
  return database
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(sql)).rows
  } finally {
    await client.end()
  }
}

/**
 * Owners of everything the migrations made in the public schema (and of the
 * database), by kind. An extension's own types and functions (pg_trgm's)
 * belong to the extension, whoever created it, and are left out.
 */
const ownersSql = `
  SELECT 'database' AS kind, pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = current_database()
  UNION SELECT 'relation ' || c.relkind::text, pg_get_userbyid(c.relowner) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
  UNION SELECT 'function', pg_get_userbyid(p.proowner) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
  UNION SELECT 'type ' || t.typtype::text, pg_get_userbyid(t.typowner) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public'
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
  ORDER BY 1, 2`

afterAll(async () => {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  for (const database of created) await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
  await admin.end()
})

describe('prepareEmbeddedDatabase', () => {
  it('creates a missing database owned by esd_owner and returns the app’s and the migrator’s URLs', async () => {
    const database = name()
    const urls = await prepareEmbeddedDatabase({ adminUrl, database })
    expect(new URL(urls.url)).toMatchObject({ username: 'esd_app', pathname: `/${database}` })
    expect(new URL(urls.migrationUrl)).toMatchObject({ username: 'esd_owner', pathname: `/${database}` })
    expect(await query(urls.url, 'SELECT current_user AS role')).toEqual([{ role: 'esd_app' }])
    expect(await query(urls.migrationUrl, 'SELECT current_user AS role')).toEqual([{ role: 'esd_owner' }])
    expect(await query(databaseUrl(adminUrl, database), ownersSql)).toEqual([{ kind: 'database', owner: 'esd_owner' }])
  })

  it('hands a database an earlier version built as postgres to esd_owner, once, and the app keeps working', async () => {
    const database = name()
    const admin = new pg.Client({ connectionString: adminUrl })
    await admin.connect()
    await admin.query(`CREATE DATABASE "${database}"`)
    await admin.end()
    // What earlier versions did: everything created and migrated as the superuser.
    const legacy = new pg.Client({ connectionString: databaseUrl(adminUrl, database) })
    await legacy.connect()
    await applyMigrations(legacy)
    await legacy.query(`INSERT INTO audit_log (actor_type, actor_label, action) VALUES ('system', 'old', 'old.version')`)
    await legacy.end()
    const before = await query<{ kind: string; owner: string }>(databaseUrl(adminUrl, database), ownersSql)
    expect(new Set(before.map((row) => row.owner))).toEqual(new Set(['postgres']))

    const urls = await prepareEmbeddedDatabase({ adminUrl, database })
    const after = await query<{ kind: string; owner: string }>(databaseUrl(adminUrl, database), ownersSql)
    expect(after.map((row) => row.kind)).toEqual(before.map((row) => row.kind))
    expect(new Set(after.map((row) => row.owner))).toEqual(new Set(['esd_owner']))

    const result = await migrateDatabase({ migrationUrl: urls.migrationUrl, appUrl: urls.url })
    expect(result).toMatchObject({ applied: [], appRole: 'esd_app', leastPrivilege: true })
    expect(await query(urls.url, `SELECT action FROM audit_log`)).toEqual([{ action: 'old.version' }])
    await expect(query(urls.url, 'ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only')).rejects.toMatchObject({ code: '42501' })

    // The next start finds nothing to move.
    await prepareEmbeddedDatabase({ adminUrl, database })
    expect(await query(databaseUrl(adminUrl, database), ownersSql)).toEqual(after)
  })
})
