import { Liveblocks } from '@liveblocks/node'
import { liveblocksConfig } from '~/modules/realtime/liveblocks-config.server'
import { conversationRoomId, sendBatchRoomId } from '~/modules/realtime/rooms'
import { logger } from '~/utils/logger.server'

let cached: { key: string; client: Liveblocks } | undefined

/**
 * Tells the pages of a conversation and of a send batch that a message
 * changed (sent, delivered, a reply, a cancellation), so they reload it.
 * Best effort, like import progress: a failed or slow broadcast is logged,
 * never thrown, and the pages also refresh on their own.
 */
export async function notifyMessageChanged(options: { organizationId: string; conversationId?: string | null; batchId?: string | null }) {
  const config = liveblocksConfig()
  if (!config) return { sent: 0 }
  const key = `${config.secret}|${config.baseUrl ?? ''}`
  if (cached?.key !== key) cached = { key, client: new Liveblocks({ secret: config.secret, ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}) }) }
  const rooms = [
    ...(options.conversationId ? [conversationRoomId(options.organizationId, options.conversationId)] : []),
    ...(options.batchId ? [sendBatchRoomId(options.organizationId, options.batchId)] : []),
  ]
  let sent = 0
  for (const room of rooms) {
    try {
      await cached.client.broadcastEvent(room, { type: 'messages.changed' }, { signal: AbortSignal.timeout(2_000) })
      sent++
    } catch (error) {
      logger.debug('message change was not broadcast', { err: error, room })
    }
  }
  return { sent }
}
