import createClient, { type Client, type ClientOptions } from 'openapi-fetch'
import type { components, operations, paths } from './schema'

/**
 * The typed TypeScript client of `/api/v1`: openapi-fetch over the paths
 * openapi-typescript generates from the OpenAPI document
 * (app/api/client/schema.d.ts, `npm run api:types`). Paths, parameters,
 * bodies and answers are typed; nothing is hand-written per endpoint.
 *
 *     const esd = createEsdClient({ baseUrl: 'https://app.esd.quest', apiKey: process.env.ESD_API_KEY! })
 *     const { data, error, response } = await esd.GET('/api/v1/leads/{id}', { params: { path: { id } } })
 *
 * Errors come back in `error` (the API's `{ error: { code, message, … } }`),
 * never thrown; a network failure throws.
 */

export type { components, operations, paths }
export type EsdClient = Client<paths>

export type EsdClientOptions = {
  /** Where the API is, e.g. `https://app.esd.quest` (no `/api/v1`: the paths carry it). */
  baseUrl: string
  /** An `esd_live_…` or `esd_test_…` key; sent as `Authorization: Bearer <key>`. */
  apiKey: string
  /** Another fetch (a test's, a proxy's); defaults to the global one. */
  fetch?: (request: Request) => Promise<Response>
  /** Headers sent with every request besides the key. */
  headers?: Record<string, string>
} & Omit<ClientOptions, 'baseUrl' | 'fetch' | 'headers'>

export function createEsdClient({ baseUrl, apiKey, fetch, headers, ...options }: EsdClientOptions): EsdClient {
  return createClient<paths>({
    ...options,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    ...(fetch ? { fetch } : {}),
    headers: { ...headers, Authorization: `Bearer ${apiKey}` },
  })
}
