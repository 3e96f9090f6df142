import { describe, expect, it } from 'vitest'
import { pool } from '~/utils/db.server'
import { ensureMessagePartitions } from './ensure-message-partitions.server'

const partitions = async () =>
  (
    await pool.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'messages'::regclass ORDER BY 1`,
    )
  ).rows.map((r) => r.name)

describe('the message log’s monthly partitions', () => {
  it('are created ahead by the app role (through the owner’s function), once each, and hold the months they name', async () => {
    const now = new Date('2031-05-17T12:00:00Z')
    const first = await ensureMessagePartitions({ now, monthsAhead: 2 })
    expect(first.created).toBe(4)
    expect(await partitions()).toEqual(expect.arrayContaining(['messages_2031_04', 'messages_2031_05', 'messages_2031_06', 'messages_2031_07']))
    expect(await ensureMessagePartitions({ now, monthsAhead: 2 })).toEqual({ created: 0 })

    // A message lands in its month's partition; one beyond every partition is refused, never silently kept elsewhere.
    await pool.query(`INSERT INTO messages (id, created_at, direction, from_e164, to_e164, body, status) VALUES (gen_random_uuid(), '2031-06-30T23:59:59.999Z', 'inbound', '+15125550100', '+15125550101', 'hi', 'received')`)
    const where = await pool.query(`SELECT tableoid::regclass::text AS part FROM messages WHERE created_at = '2031-06-30T23:59:59.999Z'`)
    expect(where.rows[0].part).toBe('messages_2031_06')
    await expect(
      pool.query(`INSERT INTO messages (id, created_at, direction, from_e164, to_e164, body, status) VALUES (gen_random_uuid(), '2040-01-01T00:00:00Z', 'inbound', '+1', '+1', 'x', 'received')`),
    ).rejects.toThrow(/no partition/)
  })

  it('exist for this month and the next three after migrating', async () => {
    const now = new Date()
    const month = (offset: number) => {
      const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1))
      return `messages_${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`
    }
    expect(await partitions()).toEqual(expect.arrayContaining([month(0), month(1), month(2), month(3)]))
  })
})
