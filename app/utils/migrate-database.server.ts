import pg from 'pg'
import { grantAppRolePrivileges } from './app-role-privileges.server'
import { applyMigrations, defaultMigrationsDir, withMigrationLock } from './migrations.server'

export type MigrateDatabaseResult = {
  applied: string[]
  /** The role that ran the migrations and owns what they create. */
  migrationRole: string
  /** The role the app connects as. */
  appRole: string
  /**
   * False when the app connects as the migration role (DATABASE_MIGRATION_URL
   * unset), as a superuser or as a member of the owner: it could then alter
   * its tables and disable the audit trigger.
   */
  leastPrivilege: boolean
}

async function currentUser(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<{ current_user: string }>('SELECT current_user')).rows[0]!.current_user
  } finally {
    await client.end()
  }
}

/**
 * Applies pending migrations as the migration role, then gives the app role
 * (whoever `appUrl` connects as, so a pooler's user name needs no parsing)
 * exactly the privileges it needs, under the same lock. With one URL for
 * both, the app runs as the owner and there is nothing to grant.
 */
export async function migrateDatabase({
  migrationUrl,
  appUrl,
  dir = defaultMigrationsDir(),
  log = () => {},
}: {
  migrationUrl: string
  appUrl: string
  dir?: string
  log?: (message: string) => void
}): Promise<MigrateDatabaseResult> {
  const client = new pg.Client({ connectionString: migrationUrl })
  await client.connect()
  try {
    const migrationRole = (await client.query<{ current_user: string }>('SELECT current_user')).rows[0]!.current_user
    const appRole = appUrl === migrationUrl ? migrationRole : await currentUser(appUrl)
    return await withMigrationLock(client, async () => {
      const applied = await applyMigrations(client, { dir, log })
      if (appRole === migrationRole) return { applied, migrationRole, appRole, leastPrivilege: false }
      const { canActAsOwner } = await grantAppRolePrivileges(client, { appRole })
      return { applied, migrationRole, appRole, leastPrivilege: !canActAsOwner }
    })
  } finally {
    await client.end()
  }
}
