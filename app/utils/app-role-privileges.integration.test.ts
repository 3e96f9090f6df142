import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { pool } from '~/utils/db.server'
import { asOwner } from '../../tests/support/owner-database'
import { APPEND_ONLY_TABLES, READ_ONLY_TABLES } from './app-role-privileges.server'
import { migrateDatabase } from './migrate-database.server'
import { defaultMigrationsDir } from './migrations.server'

/**
 * The template every test database is cloned from was migrated the way a
 * deployment is (tests/setup/global-postgres.ts): as esd_owner, with the
 * grant step for esd_app. These tests read what that left behind, and run
 * the migrator again the way the next deploy would.
 */

const appUrl = () => process.env.DATABASE_URL!
const migrationUrl = () => process.env.DATABASE_MIGRATION_URL!

type Privileges = { table: string; owner: string; privileges: string[] }

async function tablePrivileges(): Promise<Privileges[]> {
  const { rows } = await pool.query<Privileges>(`
    SELECT c.relname AS table, pg_get_userbyid(c.relowner) AS owner,
           ARRAY(SELECT p FROM unnest(ARRAY['SELECT','INSERT','UPDATE','DELETE','TRUNCATE','REFERENCES','TRIGGER']) p
                  WHERE has_table_privilege(current_user, c.oid, p)) AS privileges
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
     ORDER BY 1`)
  return rows
}

const temporary: string[] = []
afterAll(async () => {
  for (const dir of temporary) await rm(dir, { recursive: true, force: true })
})

describe('the app role’s privileges after a deploy', () => {
  it('owns nothing, and may read and write every table but the append-only and read-only ones', async () => {
    const tables = await tablePrivileges()
    expect(tables.length).toBeGreaterThan(10)
    for (const { table, owner, privileges } of tables) {
      expect(owner, table).toBe('esd_owner')
      if (APPEND_ONLY_TABLES.includes(table)) expect(privileges, table).toEqual(['SELECT', 'INSERT'])
      else if (READ_ONLY_TABLES.includes(table)) expect(privileges, table).toEqual(['SELECT'])
      else expect(privileges, table).toEqual(['SELECT', 'INSERT', 'UPDATE', 'DELETE'])
    }
  })

  it('cannot create objects, truncate, or alter and drop any table', async () => {
    const code = (sql: string) => pool.query(sql).then(() => 'succeeded', (error: { code?: string }) => error.code)
    for (const sql of [
      'CREATE TABLE public.intruder (id int)',
      'TRUNCATE users CASCADE',
      'ALTER TABLE users ADD COLUMN intruder text',
      'DROP TABLE leads CASCADE',
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ('x', 'x', 'x')`,
      `DELETE FROM "_prisma_migrations"`,
    ]) {
      expect(await code(sql), sql).toBe('42501')
    }
  })

  it('covers a table a later migration adds, though no migration names a role, and takes back what was granted by hand', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'esd-migrations-'))
    temporary.push(dir)
    await cp(defaultMigrationsDir(), dir, { recursive: true })
    await mkdir(path.join(dir, '29991231000000_widgets'))
    await writeFile(
      path.join(dir, '29991231000000_widgets', 'migration.sql'),
      'CREATE TABLE "widgets" ("id" BIGSERIAL PRIMARY KEY, "name" TEXT NOT NULL);',
    )
    await asOwner((owner) => owner.query('GRANT TRUNCATE, TRIGGER ON users TO esd_app'))

    const result = await migrateDatabase({ migrationUrl: migrationUrl(), appUrl: appUrl(), dir })
    expect(result).toEqual({
      applied: ['29991231000000_widgets'],
      migrationRole: 'esd_owner',
      appRole: 'esd_app',
      leastPrivilege: true,
    })
    await pool.query(`INSERT INTO widgets (name) VALUES ('first')`)
    expect((await pool.query('SELECT name FROM widgets')).rows).toEqual([{ name: 'first' }])
    const tables = await tablePrivileges()
    expect(tables.find((t) => t.table === 'widgets')).toEqual({
      table: 'widgets',
      owner: 'esd_owner',
      privileges: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
    })
    expect(tables.find((t) => t.table === 'users')?.privileges).toEqual(['SELECT', 'INSERT', 'UPDATE', 'DELETE'])
  })

  it('says least privilege is not in effect when the app migrates as itself', async () => {
    const result = await migrateDatabase({ migrationUrl: migrationUrl(), appUrl: migrationUrl() })
    expect(result).toMatchObject({ migrationRole: 'esd_owner', appRole: 'esd_owner', leastPrivilege: false })
  })
})
