import type { ClientBase } from 'pg'

/**
 * What the app role may do, stated once and applied by the migrator after
 * every deploy (docs/decisions/014): SELECT, INSERT, UPDATE and DELETE on
 * every table of the public schema, except the tables below, and nothing
 * else (no TRUNCATE, TRIGGER or REFERENCES; altering or dropping needs
 * ownership, which stays with the migration role). Migration files never
 * name a role: a deployment's role names are its own.
 */

/** Read and added to, never changed (the append-only trigger guards the owner too). */
export const APPEND_ONLY_TABLES = ['audit_log', 'lead_events', 'consent_events']
/**
 * Read only: /readyz compares _prisma_migrations with the migrations the code
 * expects; consent_status is derived from consent_events by their trigger (docs/decisions/038).
 */
export const READ_ONLY_TABLES = ['_prisma_migrations', 'consent_status']

/**
 * Functions the app calls that run as their owner: creating the message log's
 * monthly partitions needs the owner's CREATE, which the app role never gets.
 */
export const APP_EXECUTABLE_FUNCTIONS = ['messages_ensure_partitions(date, integer)']

export type AppRoleCheck = {
  /** A superuser, or a member of the tables' owner role: it could alter them, so least privilege is not in effect. */
  canActAsOwner: boolean
}

/**
 * Brings the app role's privileges to the state above, in one transaction,
 * so the app never sees a moment with more or fewer rights. Run it as the
 * owner of the tables (the migration role).
 */
export async function grantAppRolePrivileges(client: ClientBase, { appRole }: { appRole: string }): Promise<AppRoleCheck> {
  const role = client.escapeIdentifier(appRole)
  const existing = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relname = ANY($1::text[])`,
    [[...APPEND_ONLY_TABLES, ...READ_ONLY_TABLES]],
  )
  const present = new Set(existing.rows.map((row) => row.name))
  const table = (name: string) => `public.${client.escapeIdentifier(name)}`

  await client.query('BEGIN')
  try {
    await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}`)
    await client.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${role}`)
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`)
    // USAGE lets it draw ids (nextval); UPDATE, which would let it reset them (setval), is not granted.
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`)
    for (const name of APPEND_ONLY_TABLES.filter((t) => present.has(t))) {
      await client.query(`REVOKE UPDATE, DELETE ON ${table(name)} FROM ${role}`)
    }
    for (const name of READ_ONLY_TABLES.filter((t) => present.has(t))) {
      await client.query(`REVOKE INSERT, UPDATE, DELETE ON ${table(name)} FROM ${role}`)
    }
    for (const signature of APP_EXECUTABLE_FUNCTIONS) {
      const found = await client.query('SELECT to_regprocedure($1) IS NOT NULL AS present', [`public.${signature}`])
      if (found.rows[0]?.present) await client.query(`GRANT EXECUTE ON FUNCTION public.${signature} TO ${role}`)
    }
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK')
    throw error
  }

  const check = await client.query<{ can_act_as_owner: boolean }>(
    `SELECT r.rolsuper OR pg_has_role(r.oid, current_user, 'USAGE') AS can_act_as_owner
       FROM pg_roles r WHERE r.rolname = $1`,
    [appRole],
  )
  return { canActAsOwner: check.rows[0]?.can_act_as_owner ?? false }
}
