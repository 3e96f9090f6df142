import { Liveblocks } from '@liveblocks/node'
import { avatarColor } from '~/components/ui/avatar'
import type { CurrentUser } from '~/utils/auth.server'
import { liveblocksConfig } from './liveblocks-config.server'
import { organizationRoomPrefix } from './rooms'

export type RealtimeAuthorization = { status: number; body: string }

let client: { key: string; liveblocks: Liveblocks } | undefined

function liveblocksClient(secret: string, baseUrl?: string) {
  const key = `${secret}|${baseUrl ?? ''}`
  if (client?.key !== key) client = { key, liveblocks: new Liveblocks({ secret, ...(baseUrl ? { baseUrl } : {}) }) }
  return client.liveblocks
}

/**
 * A Liveblocks access token for one signed-in user, valid only for rooms of
 * the user's organization. Another organization's room, like a malformed
 * room id, is "not found", exactly as a room that does not exist, so the
 * answer never confirms that another organization is there.
 */
export async function authorizeRealtime(options: { user: CurrentUser; room: unknown }): Promise<RealtimeAuthorization> {
  const config = liveblocksConfig()
  if (!config) return { status: 503, body: JSON.stringify({ error: 'Realtime is not configured on this server' }) }
  const prefix = organizationRoomPrefix(options.user.organization.id)
  if (options.room !== undefined && (typeof options.room !== 'string' || !options.room.startsWith(prefix))) {
    return { status: 404, body: JSON.stringify({ error: 'No such room' }) }
  }
  const session = liveblocksClient(config.secret, config.baseUrl).prepareSession(options.user.id, {
    userInfo: { name: options.user.name, color: avatarColor(options.user.id) },
  })
  session.allow(`${prefix}*`, session.FULL_ACCESS)
  return session.authorize()
}
