import { pushRoomChange } from '~/modules/realtime/push-room-change.server'
import { campaignRoomId, conversationRoomId, pipelineRoomId, sendBatchRoomId } from '~/modules/realtime/rooms'
import { pool } from '~/utils/db.server'

/**
 * Tells the pages of a conversation and of a send batch — and, for a
 * campaign's batch, the campaign's page and the pipeline overview — that a
 * message changed (sent, delivered, a reply, a cancellation), so they
 * reload it (push-room-change.server.ts). Best effort.
 */
export async function notifyMessageChanged(options: { organizationId: string; conversationId?: string | null; batchId?: string | null }) {
  const campaign = options.batchId
    ? (await pool.query<{ id: string }>(`SELECT id FROM campaigns WHERE batch_id = $1`, [options.batchId]).catch(() => ({ rows: [] }))).rows[0]
    : undefined
  const [messages, campaigns] = await Promise.all([
    pushRoomChange(
      [
        ...(options.conversationId ? [conversationRoomId(options.organizationId, options.conversationId)] : []),
        ...(options.batchId ? [sendBatchRoomId(options.organizationId, options.batchId)] : []),
      ],
      'messages.changed',
    ),
    campaign ? pushRoomChange([campaignRoomId(options.organizationId, campaign.id), pipelineRoomId(options.organizationId)], 'campaign.changed') : { sent: 0 },
  ])
  return { sent: messages.sent + campaigns.sent }
}
