import { Liveblocks, LiveblocksError } from '@liveblocks/node'
import { liveblocksConfig } from '~/modules/realtime/liveblocks-config.server'
import { conversationRoomId, sendBatchRoomId } from '~/modules/realtime/rooms'
import { logger } from '~/utils/logger.server'

let cached: { key: string; client: Liveblocks; broadcasts: boolean } | undefined

/**
 * Tells the pages of a conversation and of a send batch that a message
 * changed (sent, delivered, a reply, a cancellation), so they reload it: a
 * broadcast event, or — where the server cannot broadcast (the Liveblocks dev
 * server answers 501) — a change to the room's storage (`changedAt`), which
 * the pages follow too. Best effort, like import progress: a failure is
 * logged, never thrown, and the pages also refresh on their own.
 */
export async function notifyMessageChanged(options: { organizationId: string; conversationId?: string | null; batchId?: string | null }) {
  const config = liveblocksConfig()
  if (!config) return { sent: 0 }
  const key = `${config.secret}|${config.baseUrl ?? ''}`
  if (cached?.key !== key) cached = { key, client: new Liveblocks({ secret: config.secret, ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}) }), broadcasts: true }
  const liveblocks = cached
  const rooms = [
    ...(options.conversationId ? [conversationRoomId(options.organizationId, options.conversationId)] : []),
    ...(options.batchId ? [sendBatchRoomId(options.organizationId, options.batchId)] : []),
  ]
  const results = await Promise.all(
    rooms.map(async (room) => {
      const signal = AbortSignal.timeout(2_000)
      try {
        if (liveblocks.broadcasts) {
          try {
            await liveblocks.client.broadcastEvent(room, { type: 'messages.changed' }, { signal })
            return true
          } catch (error) {
            if (!(error instanceof LiveblocksError && error.status === 501)) throw error
            liveblocks.broadcasts = false
          }
        }
        await liveblocks.client.mutateStorage(room, ({ root }) => root.set('changedAt', Date.now()), { signal })
        return true
      } catch (error) {
        // A room nobody has open does not exist yet (404): nobody to tell.
        logger.debug('message change was not pushed', { err: error, room })
        return false
      }
    }),
  )
  return { sent: results.filter(Boolean).length }
}
