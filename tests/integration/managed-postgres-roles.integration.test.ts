import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { migrateDatabase } from '../../app/utils/migrate-database.server'
import { applyMigrations } from '../../app/utils/migrations.server'
import { databaseUrl } from '../../scripts/lib/database-roles'

/**
 * The SQL docs/deploy.md gives a production operator, run as it would be on
 * managed Postgres: by an admin role with CREATEROLE that is not superuser.
 * Role names get a prefix of this run's own (roles belong to the whole test
 * cluster); everything else is the documented text.
 */

const root = path.resolve(import.meta.dirname, '../..')
const superuserUrl = inject('postgresAdminUrl')
type Roles = { admin: string; owner: string; app: string }
type Managed = { database: string; roles: Roles }
const made: Managed[] = []

async function documentedSql(marker: string, { database, roles }: Managed): Promise<string> {
  const doc = await readFile(path.join(root, 'docs/deploy.md'), 'utf8')
  const block = new RegExp(`<!-- sql: ${marker} -->\\s*\`\`\`sql\\n([\\s\\S]*?)\`\`\``).exec(doc)?.[1]
  if (!block) throw new Error(`docs/deploy.md has no SQL block marked "${marker}"`)
  return block
    .replaceAll('esd_owner', roles.owner)
    .replaceAll('esd_app', roles.app)
    .replaceAll('DATABASE esd ', `DATABASE "${database}" `)
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

const passwords = { admin: 'admin-password', owner: 'owner-password', app: 'app-password' }
const as = ({ database, roles }: Managed, who: keyof Roles) =>
  databaseUrl(superuserUrl, database, { name: roles[who], password: passwords[who] })

/** A database owned by an admin role with CREATEROLE but no superuser, the way a managed service hands one out. */
async function managedDatabase(): Promise<Managed> {
  const id = randomBytes(4).toString('hex')
  const managed = {
    database: `esd_test_managed_${id}`,
    roles: { admin: `esd_t${id}_admin`, owner: `esd_t${id}_owner`, app: `esd_t${id}_app` },
  }
  made.push(managed)
  await withClient(superuserUrl, async (superuser) => {
    await superuser.query(
      `CREATE ROLE "${managed.roles.admin}" LOGIN CREATEROLE CREATEDB NOSUPERUSER PASSWORD '${passwords.admin}'`,
    )
    await superuser.query(`CREATE DATABASE "${managed.database}" OWNER "${managed.roles.admin}"`)
  })
  return managed
}

const deploy = (managed: Managed) => migrateDatabase({ migrationUrl: as(managed, 'owner'), appUrl: as(managed, 'app') })

async function appRoleCannotTouchTheAuditTrail(managed: Managed) {
  await withClient(as(managed, 'app'), async (app) => {
    await app.query(`INSERT INTO audit_log (actor_type, actor_label, action) VALUES ('system', 'test', 'checked')`)
    expect((await app.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'checked'`)).rows).toEqual([{ n: 1 }])
    expect((await app.query(`SELECT count(*)::int AS n FROM "_prisma_migrations"`)).rows[0].n).toBeGreaterThan(0)
    for (const sql of ['ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only', 'DELETE FROM audit_log', 'DROP TABLE users']) {
      await expect(app.query(sql), sql).rejects.toMatchObject({ code: '42501' })
    }
  })
}

afterAll(async () => {
  await withClient(superuserUrl, async (superuser) => {
    for (const { database, roles } of made) {
      await superuser.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
      for (const role of [roles.app, roles.owner, roles.admin]) await superuser.query(`DROP ROLE IF EXISTS "${role}"`)
    }
  })
})

describe('the database roles docs/deploy.md tells an operator to create', () => {
  it('can be created without superuser, and a deploy then migrates as the owner and grants the app role', async () => {
    const managed = await managedDatabase()
    await withClient(as(managed, 'admin'), async (admin) => admin.query(await documentedSql('create-roles', managed)))

    const result = await deploy(managed)
    expect(result).toMatchObject({ migrationRole: managed.roles.owner, appRole: managed.roles.app, leastPrivilege: true })
    expect(result.applied.length).toBeGreaterThan(0)
    await appRoleCannotTouchTheAuditTrail(managed)
  })

  it('take over a database an earlier single-role deployment migrated, with the hand-over SQL', async () => {
    const managed = await managedDatabase()
    // The earlier deployment: the admin role migrated and owns everything.
    await withClient(as(managed, 'admin'), (admin) => applyMigrations(admin))

    await withClient(as(managed, 'admin'), async (admin) => {
      await admin.query(await documentedSql('create-roles', managed))
      await admin.query(await documentedSql('hand-over', managed))
    })
    const owners = await withClient(as(managed, 'admin'), (admin) =>
      admin.query(`SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relnamespace = 'public'::regnamespace`),
    )
    expect(owners.rows).toEqual([{ owner: managed.roles.owner }])

    expect(await deploy(managed)).toMatchObject({ applied: [], leastPrivilege: true })
    await appRoleCannotTouchTheAuditTrail(managed)
  })
})
