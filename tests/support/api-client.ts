import type { AppLoadContext } from '@remix-run/node'
import { openApiDocument } from '~/api/document.server'
import { ApiContract, type OpenApiLike } from './api-contract'
import { matchAppRoute, routeModulePath } from './app-routes'

/**
 * How tests call the API: every answer is checked against the OpenAPI
 * document (tests/support/api-contract.ts) before the test sees it, so a
 * response that strays from the document fails the test that produced it.
 *
 * - `callApi`: the app's route modules in this process, with real Requests,
 *   the way Remix calls them (integration tests).
 * - `inProcessApiClient`: the same for routes a test builds itself (the
 *   framework's own tests), against the document of their operations.
 * - `httpApiClient`: a running server (the production build), against the
 *   document that server serves at /api/v1/openapi.json.
 * - e2e/api.ts does the same through Playwright's request context.
 */

export type ApiRequest = {
  method?: string
  /** Path and query, e.g. `/api/v1/me?x=1`. */
  path: string
  /** Sent as `Authorization: Bearer <key>`. */
  key?: string
  headers?: Record<string, string>
  /** Sent as `application/json`. */
  json?: unknown
  /** Sent as `multipart/form-data`. */
  form?: FormData
  /** Any other body (set its Content-Type in `headers`). */
  body?: BodyInit
  /** The load context our HTTP server passes (`requestId`, `clientIp`). */
  context?: AppLoadContext
}

export type ApiAnswer<T = unknown> = {
  status: number
  headers: Headers
  /** The raw body ('' when there is none). */
  text: string
  /** The body as JSON; undefined when it is empty or not JSON. */
  body: T
}

type RouteHandler = (args: { request: Request; params: Record<string, string | undefined>; context: AppLoadContext }) => Promise<Response>
export type RouteModule = { loader?: RouteHandler; action?: RouteHandler }
export type RouteResolver = (pathname: string) => Promise<{ module: RouteModule; params: Record<string, string | undefined> } | null>

function requestInit(call: ApiRequest): RequestInit {
  const headers = new Headers(call.headers)
  if (call.key) headers.set('authorization', `Bearer ${call.key}`)
  let body: BodyInit | undefined = call.body
  if (call.json !== undefined) {
    if (!headers.has('content-type')) headers.set('content-type', 'application/json')
    body = JSON.stringify(call.json)
  } else if (call.form) {
    body = call.form
  }
  return { method: call.method ?? 'GET', headers, body, ...(body ? { duplex: 'half' } : {}) } as RequestInit
}

async function answerOf<T>(response: Response, method: string, path: string, contract: ApiContract): Promise<ApiAnswer<T>> {
  const text = method.toUpperCase() === 'HEAD' ? '' : await response.text()
  contract.assert({ method, path, status: response.status, headers: response.headers, body: text })
  let body: unknown
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    body = undefined
  }
  return { status: response.status, headers: response.headers, text, body: body as T }
}

/** Calls route modules in this process, as Remix does: GET and HEAD go to the loader, the rest to the action. */
export function inProcessApiClient(options: { document: () => OpenApiLike; resolve: RouteResolver }) {
  let contract: ApiContract | undefined
  return async function call<T = unknown>(request: ApiRequest): Promise<ApiAnswer<T>> {
    contract ??= new ApiContract(options.document())
    const method = (request.method ?? 'GET').toUpperCase()
    const url = new URL(request.path, 'http://localhost')
    const resolved = await options.resolve(url.pathname)
    if (!resolved) throw new Error(`No route answers ${url.pathname}`)
    const handler = method === 'GET' || method === 'HEAD' ? resolved.module.loader : resolved.module.action
    if (!handler) throw new Error(`The route of ${url.pathname} has no ${method === 'GET' || method === 'HEAD' ? 'loader' : 'action'}`)
    let response: Response
    try {
      response = await handler({ request: new Request(url, requestInit({ ...request, method })), params: resolved.params, context: request.context ?? {} })
    } catch (thrown) {
      // Remix answers with a thrown Response as with a returned one.
      if (!(thrown instanceof Response)) throw thrown
      response = thrown
    }
    return answerOf<T>(response, method, request.path, contract)
  }
}

/**
 * A `fetch` that answers from route modules in this process, validating
 * every answer against the document before handing it back: what the typed
 * client (app/api/client, openapi-fetch) is given in tests, so its calls are
 * checked like `callApi`'s. Each exchange is also passed to `onExchange`.
 */
export function inProcessFetch(options: {
  document: () => OpenApiLike
  resolve: RouteResolver
  context?: AppLoadContext
  onExchange?: (exchange: { method: string; path: string; status: number; body: string }) => void
}): (request: Request) => Promise<Response> {
  let contract: ApiContract | undefined
  return async (request: Request) => {
    contract ??= new ApiContract(options.document())
    const method = request.method.toUpperCase()
    const url = new URL(request.url)
    const path = `${url.pathname}${url.search}`
    const resolved = await options.resolve(url.pathname)
    if (!resolved) throw new Error(`No route answers ${url.pathname}`)
    let response: Response
    const handler = method === 'GET' || method === 'HEAD' ? resolved.module.loader : resolved.module.action
    if (!handler) throw new Error(`The route of ${url.pathname} has no ${method === 'GET' || method === 'HEAD' ? 'loader' : 'action'}`)
    try {
      response = await handler({ request, params: resolved.params, context: options.context ?? {} })
    } catch (thrown) {
      if (!(thrown instanceof Response)) throw thrown
      response = thrown
    }
    const text = method === 'HEAD' ? '' : await response.text()
    contract.assert({ method, path, status: response.status, headers: response.headers, body: text })
    options.onExchange?.({ method, path, status: response.status, body: text })
    const bodyless = method === 'HEAD' || response.status === 204 || response.status === 304
    return new Response(bodyless ? null : text, { status: response.status, statusText: response.statusText, headers: response.headers })
  }
}

/** The app's own routes (app/routes/api.v1.*), found the way Remix matches them. */
export const appRouteResolver: RouteResolver = async (pathname) => {
  const match = matchAppRoute(pathname)
  if (!match) return null
  return { module: (await import(routeModulePath(match.route))) as RouteModule, params: match.params }
}

/** Calls the app's API in this process; every answer is validated against the app's OpenAPI document. */
export const callApi = inProcessApiClient({ document: () => openApiDocument('http://localhost'), resolve: appRouteResolver })

/** The app's API in this process as a `fetch`, for the typed client; every answer is validated against the document. */
export function appApiFetch(options: Omit<Parameters<typeof inProcessFetch>[0], 'document' | 'resolve'> = {}) {
  return inProcessFetch({ document: () => openApiDocument('http://localhost'), resolve: appRouteResolver, ...options })
}

/** Calls a running server over HTTP; every answer is validated against the document it serves. */
export function httpApiClient(baseUrl: string) {
  let contract: Promise<ApiContract> | undefined
  const load = async () => {
    const response = await fetch(`${baseUrl}/api/v1/openapi.json`)
    if (response.status !== 200) throw new Error(`${baseUrl}/api/v1/openapi.json answered ${response.status}`)
    const text = await response.text()
    const spec = new ApiContract(JSON.parse(text) as OpenApiLike)
    spec.assert({ method: 'GET', path: '/api/v1/openapi.json', status: response.status, headers: response.headers, body: text })
    return spec
  }
  return async function call<T = unknown>(request: ApiRequest): Promise<ApiAnswer<T>> {
    contract ??= load()
    const method = (request.method ?? 'GET').toUpperCase()
    const response = await fetch(`${baseUrl}${request.path}`, { ...requestInit({ ...request, method }), redirect: 'manual' })
    return answerOf<T>(response, method, request.path, await contract)
  }
}

/** Routes a test builds itself, by OpenAPI path template (`/api/v1/things/{id}`). */
export function routeTableResolver(table: Record<string, RouteModule>): RouteResolver {
  const entries = Object.entries(table).map(([template, module]) => {
    const names: string[] = []
    const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_, name: string) => {
      names.push(name)
      return '([^/]+)'
    })
    return { regex: new RegExp(`^${pattern}$`), names, module }
  })
  return async (pathname) => {
    for (const { regex, names, module } of entries) {
      const match = regex.exec(pathname)
      if (match) return { module, params: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)])) }
    }
    return null
  }
}
