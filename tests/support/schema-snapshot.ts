import pg from 'pg'

/**
 * Partial indexes the migrations make by hand (Prisma 7.10 cannot declare a
 * `where`), by name, with their predicate as pg_indexes prints it. The
 * snapshot leaves that predicate out, so schema.prisma's plain index matches;
 * any other predicate stays and shows as drift. The drift test checks that
 * the migrated database has exactly these.
 */
export const PARTIAL_INDEXES: Record<string, string> = {
  send_queue_conversation_id_created_at_idx: 'WHERE (conversation_id IS NOT NULL)',
  send_queue_carrier_sid_idx: 'WHERE (carrier_sid IS NOT NULL)',
  send_queue_status_updated_at_idx: `WHERE (status = ANY (ARRAY['sending'::"SendQueueStatus", 'unknown'::"SendQueueStatus"]))`,
}

const withoutKnownPredicate = (name: string, definition: string) => {
  const predicate = PARTIAL_INDEXES[name]
  return predicate && definition.endsWith(` ${predicate}`) ? definition.slice(0, -predicate.length - 1) : definition
}

/**
 * What Prisma can express about a database, in comparable form: tables,
 * columns, keys, unique constraints, foreign keys, indexes and enums.
 * Check constraints, triggers and functions are left out: Prisma does not
 * model them, so migrations may add them by hand.
 */
export async function schemaSnapshot(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const tables = await client.query<{ table: string }>(`
      SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
         AND c.relname <> '_prisma_migrations'
       ORDER BY 1`)
    const columns = await client.query(`
      SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
             a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
         AND c.relname <> '_prisma_migrations' AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY 1, 2`)
    const constraints = await client.query(`
      SELECT c.relname AS table, con.conname AS name, con.contype AS type, pg_get_constraintdef(con.oid) AS definition
        FROM pg_constraint con
        JOIN pg_class c ON c.oid = con.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND con.contype IN ('p', 'u', 'f') AND NOT c.relispartition
         AND c.relname <> '_prisma_migrations'
       ORDER BY 1, 2`)
    const indexes = await client.query(`
      SELECT i.tablename AS table, i.indexname AS name, i.indexdef AS definition
        FROM pg_indexes i
        JOIN pg_class c ON c.relname = i.indexname
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = i.schemaname
       WHERE i.schemaname = 'public' AND i.tablename <> '_prisma_migrations'
         AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = c.oid)
         AND NOT EXISTS (SELECT 1 FROM pg_inherits inh WHERE inh.inhrelid = c.oid)
       ORDER BY 1, 2`)
    const enums = await client.query(`
      SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder) AS labels
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname = 'public'
       GROUP BY 1 ORDER BY 1`)
    return {
      tables: tables.rows.map((r) => r.table),
      columns: columns.rows,
      constraints: constraints.rows,
      // A partitioned table's index reads "ON ONLY" (it is built per partition); Prisma cannot say that a table is partitioned.
      // A partial index of PARTIAL_INDEXES reads as the plain one schema.prisma declares.
      indexes: indexes.rows.map((row) => ({ ...row, definition: withoutKnownPredicate(row.name, String(row.definition).replace(' ON ONLY ', ' ON ')) })),
      enums: enums.rows,
    }
  } finally {
    await client.end()
  }
}
