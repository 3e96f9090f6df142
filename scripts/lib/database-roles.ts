import pg from 'pg'

/**
 * The two database roles of docs/decisions/014 on a Postgres where we are
 * superuser (the embedded default, the test cluster): `esd_owner` owns the
 * database and runs migrations, `esd_app` is what the app connects as. The
 * migrator grants `esd_app` its privileges (app/utils/app-role-privileges.server.ts).
 * Local clusters only listen on localhost, so the passwords are fixed.
 */
export const EMBEDDED_ROLES = {
  owner: { name: 'esd_owner', password: 'esd_owner' },
  app: { name: 'esd_app', password: 'esd_app' },
} as const

type Role = { name: string; password: string }

/** `url` with another database and, optionally, another role's credentials. */
export function databaseUrl(url: string, database: string, role?: Role): string {
  const parsed = new URL(url)
  parsed.pathname = `/${encodeURIComponent(database)}`
  if (role) {
    parsed.username = encodeURIComponent(role.name)
    parsed.password = encodeURIComponent(role.password)
  }
  return parsed.href
}

/** Connection strings for the app and for migrations. */
export type RoleUrls = { url: string; migrationUrl: string }

// Roles are shared by every database of a cluster: setups running side by side take turns.
const ROLES_LOCK_KEY = 72_707_370

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/** Creates the roles if they are missing and (re)sets their passwords. */
export async function ensureEmbeddedRoles(adminUrl: string): Promise<void> {
  await withClient(adminUrl, async (admin) => {
    await admin.query('SELECT pg_advisory_lock($1)', [ROLES_LOCK_KEY])
    try {
      for (const role of Object.values(EMBEDDED_ROLES)) {
        const exists = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.name])
        const verb = exists.rowCount ? 'ALTER' : 'CREATE'
        await admin.query(
          `${verb} ROLE ${admin.escapeIdentifier(role.name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE ` +
            `PASSWORD ${admin.escapeLiteral(role.password)}`,
        )
      }
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1)', [ROLES_LOCK_KEY])
    }
  })
}

/**
 * Statements that give the owner role everything in the public schema it does
 * not own yet: what an earlier version created as the superuser `postgres`.
 * Sequences that belong to a column follow their table; `postgres` itself
 * cannot be the subject of REASSIGN OWNED, hence the list.
 */
const foreignObjectsSql = `
  SELECT format('ALTER %s %s OWNER TO %I', kind, name, $1::text) AS statement FROM (
    SELECT CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE'
                          WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END AS kind, c.oid::regclass::text AS name
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND c.relowner <> $1::regrole
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                          AND c.relkind = 'S' AND d.deptype IN ('a', 'i'))
    UNION ALL
    SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END, p.oid::regprocedure::text
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'public' AND p.proowner <> $1::regrole
    UNION ALL
    SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, t.oid::regtype::text
      FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = 'public' AND t.typowner <> $1::regrole AND t.typtype IN ('e', 'd', 'r', 'c')
       AND (t.typtype <> 'c' OR EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind = 'c'))
  ) objects`

/**
 * The database `database`, owned by the owner role, with the roles in place:
 * created if missing; if an earlier version made it as `postgres`, its
 * objects change hands once (later calls find nothing to move). Returns the
 * URLs the app and the migrator use. `adminUrl` connects as a superuser.
 */
export async function prepareEmbeddedDatabase({ adminUrl, database }: { adminUrl: string; database: string }): Promise<RoleUrls> {
  const { owner, app } = EMBEDDED_ROLES
  await ensureEmbeddedRoles(adminUrl)
  await withClient(adminUrl, async (admin) => {
    const found = await admin.query<{ owner: string }>(
      'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1',
      [database],
    )
    const db = admin.escapeIdentifier(database)
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE ${db} OWNER ${admin.escapeIdentifier(owner.name)}`)
    else if (found.rows[0]!.owner !== owner.name) await admin.query(`ALTER DATABASE ${db} OWNER TO ${admin.escapeIdentifier(owner.name)}`)
  })
  await withClient(databaseUrl(adminUrl, database), async (admin) => {
    const statements = await admin.query<{ statement: string }>(foreignObjectsSql, [owner.name])
    if (statements.rowCount === 0) return
    await admin.query('BEGIN')
    try {
      for (const { statement } of statements.rows) await admin.query(statement)
      await admin.query('COMMIT')
    } catch (error) {
      await admin.query('ROLLBACK')
      throw error
    }
  })
  return { url: databaseUrl(adminUrl, database, app), migrationUrl: databaseUrl(adminUrl, database, owner) }
}
