import { getEnv } from '~/utils/env.server'

/** The dev server accepts exactly this secret; it is not a credential. */
const DEV_SERVER_SECRET = 'sk_localdev'

export type LiveblocksConfig = { secret: string; baseUrl?: string; publicBaseUrl?: string }

/**
 * Liveblocks itself when LIVEBLOCKS_SECRET_KEY is set; otherwise the local
 * dev server that `npm start` runs at LIVEBLOCKS_BASE_URL; otherwise none.
 */
export function liveblocksConfig(): LiveblocksConfig | null {
  const env = getEnv()
  if (env.LIVEBLOCKS_SECRET_KEY) {
    return { secret: env.LIVEBLOCKS_SECRET_KEY, baseUrl: env.LIVEBLOCKS_BASE_URL, publicBaseUrl: env.LIVEBLOCKS_BASE_URL }
  }
  if (env.LIVEBLOCKS_BASE_URL) {
    return { secret: DEV_SERVER_SECRET, baseUrl: env.LIVEBLOCKS_BASE_URL, publicBaseUrl: env.LIVEBLOCKS_BASE_URL }
  }
  return null
}
