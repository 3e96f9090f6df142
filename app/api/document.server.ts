import { buildOpenApiDocument, type OpenApiDocument } from '~/utils/api/openapi.server'
import { getEnv } from '~/utils/env.server'
import { apiGuide } from './guide'
import { apiOperations } from './operations.server'
import { API_TAGS } from './tags'

export const API_TITLE = 'esd.quest API'
export const API_VERSION = '1.0.0'

const cache = new Map<string, OpenApiDocument>()

/** The server the document names: APP_URL when set, else the origin the request came to. */
export function apiServerUrl(request: Request): string {
  return (getEnv().APP_URL ?? new URL(request.url).origin).replace(/\/+$/, '')
}

/** This deployment's OpenAPI document for `serverUrl`, built once per URL. */
export function openApiDocument(serverUrl: string): OpenApiDocument {
  let document = cache.get(serverUrl)
  if (!document) {
    document = buildOpenApiDocument({
      operations: apiOperations,
      info: { title: API_TITLE, version: API_VERSION, description: apiGuide({ serverUrl }), tags: API_TAGS },
      serverUrl,
    })
    // A few origins at most (APP_URL, or localhost under another name); never grow without bound.
    if (cache.size > 16) cache.clear()
    cache.set(serverUrl, document)
  }
  return document
}
