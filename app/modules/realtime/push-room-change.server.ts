import { Liveblocks, LiveblocksError } from '@liveblocks/node'
import { liveblocksConfig } from '~/modules/realtime/liveblocks-config.server'
import { logger } from '~/utils/logger.server'

let cached: { key: string; client: Liveblocks; broadcasts: boolean } | undefined

/**
 * Tells every page open on `rooms` that something they show changed, so
 * they reload it: a broadcast event of `type`, or — where the server cannot
 * broadcast (the Liveblocks dev server answers 501) — a change to the room's
 * storage (`changedAt`), which the pages follow too. Best effort: a failure
 * is logged, never thrown, and the pages also refresh on their own.
 */
export async function pushRoomChange(rooms: readonly string[], type: string): Promise<{ sent: number }> {
  const config = liveblocksConfig()
  if (!config) return { sent: 0 }
  const key = `${config.secret}|${config.baseUrl ?? ''}`
  if (cached?.key !== key) cached = { key, client: new Liveblocks({ secret: config.secret, ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}) }), broadcasts: true }
  const liveblocks = cached
  const results = await Promise.all(
    rooms.map(async (room) => {
      const signal = AbortSignal.timeout(2_000)
      try {
        if (liveblocks.broadcasts) {
          try {
            await liveblocks.client.broadcastEvent(room, { type }, { signal })
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
        logger.debug('a change was not pushed', { err: error, room })
        return false
      }
    }),
  )
  return { sent: results.filter(Boolean).length }
}
