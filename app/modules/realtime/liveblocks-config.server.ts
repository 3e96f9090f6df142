import { getEnv } from '~/utils/env.server'

/** The dev server accepts exactly this secret; it is not a credential. */
const DEV_SERVER_SECRET = 'sk_localdev'

/** Where the browser client connects when it is given no base URL. */
export const LIVEBLOCKS_CLOUD_URL = 'https://api.liveblocks.io'

export type LiveblocksConfig = {
  secret: string
  /** Where this server reaches Liveblocks (its Node client); unset means Liveblocks itself. */
  baseUrl?: string
  /**
   * Where browsers reach it. A relative URL (`/`) is the page's own origin:
   * our HTTP server proxies the dev server there (`devServerProxyTarget`).
   */
  publicBaseUrl: string
  /** The dev server our HTTP server forwards the browser's realtime requests to. */
  devServerProxyTarget?: string
}

/**
 * Liveblocks itself when LIVEBLOCKS_SECRET_KEY is set; otherwise the local
 * dev server at LIVEBLOCKS_BASE_URL (the one `npm start` runs, unless another
 * is configured), reached by browsers through the app's own origin when
 * LIVEBLOCKS_DEV_PROXY is on; otherwise none.
 */
export function liveblocksConfig(): LiveblocksConfig | null {
  const env = getEnv()
  if (env.LIVEBLOCKS_SECRET_KEY) {
    const baseUrl = env.LIVEBLOCKS_BASE_URL
    return { secret: env.LIVEBLOCKS_SECRET_KEY, baseUrl, publicBaseUrl: baseUrl ?? LIVEBLOCKS_CLOUD_URL }
  }
  if (env.LIVEBLOCKS_BASE_URL) {
    const baseUrl = env.LIVEBLOCKS_BASE_URL
    return env.LIVEBLOCKS_DEV_PROXY
      ? { secret: DEV_SERVER_SECRET, baseUrl, publicBaseUrl: '/', devServerProxyTarget: baseUrl }
      : { secret: DEV_SERVER_SECRET, baseUrl, publicBaseUrl: baseUrl }
  }
  return null
}
