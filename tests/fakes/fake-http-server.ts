import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** Form fields as `querystring.parse` gives them: a repeated key becomes an array. */
export type FormBody = Record<string, string | string[]>

export type FakeRequest = {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  /** Values of the `:name` segments of the matched route pattern. */
  params: Record<string, string>
  rawBody: string
  /** Parsed JSON, a `FormBody` for form posts, the raw text otherwise (malformed JSON too), `undefined` when empty. */
  body: unknown
  /** When the request began to arrive (performance.now(), milliseconds): the carrier's clock for pacing checks. */
  receivedAt: number
}

export type FakeReply =
  | { status: number; json?: unknown; text?: string; headers?: Record<string, string> }
  /** `reset` destroys the socket (the client sees ECONNRESET); `hang` never answers (the client times out). */
  | { network: 'reset' | 'hang' }

export type FakeRouteHandler = (request: FakeRequest) => FakeReply | Promise<FakeReply>

export type FakeHttpServer = {
  url: string
  /** Every request received, matched or not, in arrival order. */
  requests: FakeRequest[]
  /** `pattern` is a path with `:name` placeholders, e.g. `/v1/items/:id.json`. */
  route: (method: string, pattern: string, handler: FakeRouteHandler) => void
  close: () => Promise<void>
}

type Route = { method: string; regex: RegExp; names: string[]; handler: FakeRouteHandler }

/** `port`: a fixed port (e2e, where the server under test was told it before); 0, any free one. */
export async function startFakeHttpServer(options: { port?: number } = {}): Promise<FakeHttpServer> {
  const routes: Route[] = []
  const requests: FakeRequest[] = []

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      send(res, { status: 500, json: { error: error instanceof Error ? error.message : String(error) } })
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const receivedAt = performance.now()
    const url = new URL(req.url ?? '/', 'http://fake')
    const method = (req.method ?? 'GET').toUpperCase()
    const rawBody = await readBody(req)
    const request: FakeRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      params: {},
      rawBody,
      body: parseBody(rawBody, req.headers['content-type']),
      receivedAt,
    }
    requests.push(request)

    for (const route of routes) {
      if (route.method !== method) continue
      const match = route.regex.exec(url.pathname)
      if (!match) continue
      route.names.forEach((name, index) => {
        request.params[name] = decodeURIComponent(match[index + 1] ?? '')
      })
      send(res, await route.handler(request))
      return
    }
    send(res, { status: 404, json: { error: 'no fake route', method, path: url.pathname } })
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    route(method, pattern, handler) {
      routes.push({ method: method.toUpperCase(), handler, ...compilePattern(pattern) })
    },
    close() {
      // Keep-alive and `hang` sockets would otherwise hold `close()` open forever.
      server.closeAllConnections()
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
    },
  }
}

function compilePattern(pattern: string): { regex: RegExp; names: string[] } {
  const names: string[] = []
  const source = pattern
    .split(/(:[A-Za-z_][A-Za-z0-9_]*)/)
    .map((part) => {
      if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      names.push(part.slice(1))
      return '([^/]+?)'
    })
    .join('')
  return { regex: new RegExp(`^${source}$`), names }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function parseBody(rawBody: string, contentType: string | undefined): unknown {
  if (rawBody === '') return undefined
  const type = contentType?.split(';')[0]?.trim().toLowerCase()
  if (type === 'application/json') {
    try {
      return JSON.parse(rawBody) as unknown
    } catch {
      return rawBody
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    const form: FormBody = {}
    for (const [key, value] of new URLSearchParams(rawBody)) {
      const existing = form[key]
      form[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value]
    }
    return form
  }
  return rawBody
}

function send(res: ServerResponse, reply: FakeReply) {
  if ('network' in reply) {
    if (reply.network === 'reset') res.socket?.destroy()
    return
  }
  const headers = { ...reply.headers }
  let payload = reply.text ?? ''
  if (reply.json !== undefined) {
    payload = JSON.stringify(reply.json)
    headers['content-type'] ??= 'application/json; charset=utf-8'
  }
  res.writeHead(reply.status, headers).end(payload)
}
