import { Liveblocks, LiveblocksError } from '@liveblocks/node'
import { liveblocksConfig } from '~/modules/realtime/liveblocks-config.server'
import { logger } from '~/utils/logger.server'

let cached: { key: string; client: Liveblocks; broadcasts: boolean } | undefined

/**
 * Tells every page open on `rooms` that something they show changed, so
 * they reload it: a broadcast event of `type`, or — where the server cannot
 * broadcast (the Liveblocks dev server answers 501) — a change to the room's
 * storage (`changedAt`), which the pages follow too. At most one push a
 * second per room (a busy campaign changes many times a second; each push
 * reloads its pages), the last one always sent. Best effort: a failure is
 * logged, never thrown, and the pages also refresh on their own.
 */
export async function pushRoomChange(rooms: readonly string[], type: string): Promise<{ sent: number }> {
  const config = liveblocksConfig()
  if (!config) return { sent: 0 }
  const due = rooms.filter((room) => throttled(room, () => void pushNow([room], type)))
  return due.length ? pushNow(due, type) : { sent: 0 }
}

/** A page reloads what it shows on each push: a room is told at most this often (the last change is always told). */
const ROOM_PUSH_EVERY_MS = 1_000
const lastPush = new Map<string, { at: number; later: ReturnType<typeof setTimeout> | null }>()

/** True when the room may be told now; otherwise `later` runs once at the end of the room's interval. */
function throttled(room: string, later: () => void): boolean {
  const now = Date.now()
  const last = lastPush.get(room)
  if (!last || now - last.at >= ROOM_PUSH_EVERY_MS) {
    if (last?.later) clearTimeout(last.later)
    lastPush.set(room, { at: now, later: null })
    if (lastPush.size > 10_000) for (const key of [...lastPush.keys()].slice(0, 5_000)) lastPush.delete(key)
    return true
  }
  if (!last.later) {
    last.later = setTimeout(() => {
      lastPush.set(room, { at: Date.now(), later: null })
      later()
    }, ROOM_PUSH_EVERY_MS - (now - last.at))
    last.later.unref?.()
  }
  return false
}

async function pushNow(rooms: readonly string[], type: string): Promise<{ sent: number }> {
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
