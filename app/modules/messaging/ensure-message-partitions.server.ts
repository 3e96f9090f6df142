import { pool } from '~/utils/db.server'

/** Creates the message log's monthly partitions from last month through `monthsAhead` months ahead; returns how many were new. */
export async function ensureMessagePartitions(options: { monthsAhead?: number; now?: Date }): Promise<{ created: number }> {
  const now = options.now ?? new Date()
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))
  const { rows } = await pool.query<{ created: number }>(`SELECT messages_ensure_partitions($1::date, $2) AS created`, [
    lastMonth.toISOString().slice(0, 10),
    (options.monthsAhead ?? 3) + 1,
  ])
  return { created: rows[0]!.created }
}
