import { Liveblocks, type JsonObject } from '@liveblocks/node'
import { logger } from '~/utils/logger.server'
import { liveblocksConfig, type LiveblocksConfig } from './liveblocks-config.server'
import { importRoomId } from './rooms'

export type ImportProgressEvent = {
  type: 'import.progress'
  importFileId: string
  status: string
  stage: string
  progress: JsonObject
  counts?: JsonObject
}

let cached: { key: string; client: Liveblocks } | undefined

/**
 * Tells the import's Liveblocks room (`org:<orgId>:import:<importId>`) how far
 * the import is. Best effort: without a realtime configuration it does
 * nothing, and a failed or slow broadcast is logged, never thrown, so
 * realtime can never fail or stall an import (the page also reloads the
 * progress from the database).
 */
export async function broadcastImportProgress(options: {
  organizationId: string
  event: ImportProgressEvent
  config?: LiveblocksConfig | null
  timeoutMs?: number
}): Promise<{ sent: boolean }> {
  const config = options.config === undefined ? liveblocksConfig() : options.config
  if (!config) return { sent: false }
  try {
    const key = `${config.secret}|${config.baseUrl ?? ''}`
    if (cached?.key !== key) cached = { key, client: new Liveblocks({ secret: config.secret, ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}) }) }
    await cached.client.broadcastEvent(importRoomId(options.organizationId, options.event.importFileId), options.event, {
      signal: AbortSignal.timeout(options.timeoutMs ?? 2_000),
    })
    return { sent: true }
  } catch (error) {
    logger.debug('import progress was not broadcast', { err: error, importFileId: options.event.importFileId })
    return { sent: false }
  }
}
