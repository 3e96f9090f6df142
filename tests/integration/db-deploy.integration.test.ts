import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { EMBEDDED_ROLES, prepareEmbeddedDatabase } from '../../scripts/lib/database-roles'

/** `npm run db:deploy` (scripts/migrate.ts), the way a release job or Vercel's build runs it. */

const run = promisify(execFile)
const root = path.resolve(import.meta.dirname, '../..')
const adminUrl = inject('postgresAdminUrl')
const created: string[] = []

async function freshDatabase() {
  const database = `esd_test_deploy_${randomBytes(4).toString('hex')}`
  created.push(database)
  return prepareEmbeddedDatabase({ adminUrl, database })
}

function deploy(env: Record<string, string>) {
  const { DATABASE_URL: _url, DATABASE_MIGRATION_URL: _migrationUrl, ...rest } = process.env
  return run(process.execPath, ['--import', 'tsx', 'scripts/migrate.ts'], { cwd: root, env: { ...rest, ...env } })
}

async function one<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(sql)).rows[0]!
  } finally {
    await client.end()
  }
}

afterAll(async () => {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  for (const database of created) await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
  await admin.end()
})

describe('npm run db:deploy', () => {
  it('migrates as the role of DATABASE_MIGRATION_URL and grants the role of DATABASE_URL what the app needs', async () => {
    const { url, migrationUrl } = await freshDatabase()
    const { stdout } = await deploy({ DATABASE_URL: url, DATABASE_MIGRATION_URL: migrationUrl })
    expect(stdout).toMatch(/applied \d+ migration\(s\)/)
    expect(stdout).toContain('granted the app role esd_app its privileges; esd_owner owns the tables')

    const owners = await one<{ tables: number; owned: number }>(
      url,
      `SELECT count(*)::int AS tables, count(*) FILTER (WHERE pg_get_userbyid(relowner) = 'esd_owner')::int AS owned
         FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'`,
    )
    expect(owners.tables).toBeGreaterThan(10)
    expect(owners.owned).toBe(owners.tables)
    // The app role reads the migration table (/readyz) and works with the data, but cannot disable the audit trigger.
    const migrations = await one<{ n: number }>(url, `SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`)
    expect(migrations.n).toBeGreaterThan(0)
    const permissions = await one<{ n: number }>(url, `SELECT count(*)::int AS n FROM permissions`)
    expect(permissions.n).toBeGreaterThan(0)
    await expect(one(url, 'ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only')).rejects.toMatchObject({ code: '42501' })

    const again = await deploy({ DATABASE_URL: url, DATABASE_MIGRATION_URL: migrationUrl })
    expect(again.stdout).toContain('database schema is current')
  })

  it('migrates as DATABASE_URL’s role when DATABASE_MIGRATION_URL is unset, and warns', async () => {
    const { migrationUrl } = await freshDatabase()
    const { stdout, stderr } = await deploy({ DATABASE_URL: migrationUrl })
    expect(stdout).toMatch(/applied \d+ migration\(s\)/)
    expect(stderr).toContain(`the app role ${EMBEDDED_ROLES.owner.name} can alter its own tables`)
    expect(await one(migrationUrl, 'SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE oid = \'users\'::regclass')).toEqual({
      owner: EMBEDDED_ROLES.owner.name,
    })
  })
})
