import { pool } from '~/utils/db.server'

export const SEND_BATCHES_PAGE = 50

/** An organization's sends, newest first, a page at a time (keyset on created_at, id). */
export async function listSendBatches(options: { organizationId: string; before?: string | null }) {
  const [at, id] = options.before?.split('_') ?? []
  const cursor = at && id && !Number.isNaN(Date.parse(at)) && /^[0-9a-f-]{36}$/i.test(id) ? { at, id } : null
  const { rows } = await pool.query(
    `SELECT id, purpose, body, actor_label, created_at, requested, queued, blocked, sent, delivered, failed, canceled
       FROM send_batches
      WHERE organization_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
      ORDER BY created_at DESC, id DESC LIMIT $4`,
    [options.organizationId, cursor?.at ?? null, cursor?.id ?? null, SEND_BATCHES_PAGE + 1],
  )
  const items = rows.slice(0, SEND_BATCHES_PAGE).map((r) => ({
    id: r.id as string,
    purpose: r.purpose as string,
    body: r.body as string,
    actorLabel: r.actor_label as string,
    createdAt: (r.created_at as Date).toISOString(),
    counts: { requested: r.requested, queued: r.queued, blocked: r.blocked, sent: r.sent, delivered: r.delivered, failed: r.failed, canceled: r.canceled } as Record<string, number>,
  }))
  const last = items.at(-1)
  return { items, nextCursor: rows.length > SEND_BATCHES_PAGE && last ? `${last.createdAt}_${last.id}` : null }
}
