/**
 * The floor under MERGE: how long Postgres takes just to write the finished
 * graph of an organization (the rows MERGE produced), with nothing left to
 * decide: no parsing, no deduplication, no ON CONFLICT, no lookups. Each graph
 * table gets an empty twin with the same columns, defaults, indexes and
 * unique constraints (`LIKE … INCLUDING ALL`), and, in the first pass, the
 * same foreign keys, pointing at the twins where the original points at a
 * graph table; the organization's rows, read into temporary tables first,
 * are then copied into the twins with one INSERT … SELECT per table, in dependency order, in one transaction that
 * is rolled back (the twins go with it). The second pass has no foreign keys, which shows what their
 * per-row checks cost.
 */
import type pg from 'pg'

/** Parents before children, as MERGE writes them. */
const GRAPH_TABLES = [
  { table: 'phone_numbers', rows: `SELECT * FROM phone_numbers WHERE id IN (SELECT ip.phone_id FROM identity_phones ip JOIN identities i ON i.id = ip.identity_id WHERE i.organization_id = $1)` },
  { table: 'email_addresses', rows: `SELECT * FROM email_addresses WHERE organization_id = $1` },
  { table: 'properties', rows: `SELECT * FROM properties WHERE organization_id = $1` },
  { table: 'identities', rows: `SELECT * FROM identities WHERE organization_id = $1` },
  { table: 'leads', rows: `SELECT * FROM leads WHERE organization_id = $1` },
  { table: 'lead_events', rows: `SELECT * FROM lead_events WHERE organization_id = $1` },
  { table: 'identity_properties', rows: `SELECT ip.* FROM identity_properties ip JOIN identities i ON i.id = ip.identity_id WHERE i.organization_id = $1` },
  { table: 'identity_phones', rows: `SELECT ip.* FROM identity_phones ip JOIN identities i ON i.id = ip.identity_id WHERE i.organization_id = $1` },
  { table: 'identity_emails', rows: `SELECT ie.* FROM identity_emails ie JOIN identities i ON i.id = ie.identity_id WHERE i.organization_id = $1` },
] as const

const twin = (table: string) => `floor_${table}`

export type GraphWriteFloor = { totalMs: number; rows: number; msByTable: Record<string, number> }

async function foreignKeysOf(client: pg.Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ definition: string; referenced: string }>(
    `SELECT pg_get_constraintdef(c.oid) AS definition, c.confrelid::regclass::text AS referenced
       FROM pg_constraint c WHERE c.conrelid = $1::regclass AND c.contype = 'f'`,
    [table],
  )
  const graph = new Set<string>(GRAPH_TABLES.map((t) => t.table))
  return rows.map(({ definition, referenced }) =>
    graph.has(referenced) ? definition.replace(`REFERENCES ${referenced}(`, `REFERENCES ${twin(referenced)}(`) : definition,
  )
}

async function writeOnce(client: pg.Client, organizationId: string, withForeignKeys: boolean): Promise<GraphWriteFloor> {
  await client.query('BEGIN')
  try {
    // The rows to write, read first and untimed: the floor is the writing alone.
    for (const { table, rows } of GRAPH_TABLES) await client.query(`CREATE TEMP TABLE source_${table} ON COMMIT DROP AS ${rows}`, [organizationId])
    for (const { table } of GRAPH_TABLES) {
      // Permanent (a temporary table may not reference a permanent one), and gone with the ROLLBACK.
      await client.query(`CREATE TABLE ${twin(table)} (LIKE ${table} INCLUDING ALL)`)
      if (withForeignKeys) {
        for (const definition of await foreignKeysOf(client, table)) await client.query(`ALTER TABLE ${twin(table)} ADD ${definition}`)
      }
    }
    const msByTable: Record<string, number> = {}
    let rows = 0
    const started = performance.now()
    for (const { table } of GRAPH_TABLES) {
      const tableStarted = performance.now()
      const result = await client.query(`INSERT INTO ${twin(table)} SELECT * FROM source_${table}`)
      msByTable[table] = Math.round(performance.now() - tableStarted)
      rows += result.rowCount ?? 0
    }
    return { totalMs: performance.now() - started, rows, msByTable }
  } finally {
    await client.query('ROLLBACK')
  }
}

/** Both passes, on a client connected as the tables' owner. */
export async function measureGraphWriteFloor(client: pg.Client, organizationId: string) {
  const withForeignKeys = await writeOnce(client, organizationId, true)
  const withoutForeignKeys = await writeOnce(client, organizationId, false)
  return { withForeignKeys, withoutForeignKeys }
}
