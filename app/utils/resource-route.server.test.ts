import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { getRequestContext, runWithRequestContext } from './request-context.server'
import { resourceRoute } from './resource-route.server'

const args = (headers: Record<string, string> = {}) => ({
  request: new Request('http://localhost/api/v1/x', { headers }),
  params: {},
  context: {},
})

describe('resourceRoute', () => {
  it('runs the handler in a request context and tags its response when no server did', async () => {
    const loader = resourceRoute(() => new Response(getRequestContext()?.requestId))
    const response = await loader(args({ 'x-request-id': 'caller-req-0001' }))
    expect(await response.text()).toBe('caller-req-0001')
    expect(response.headers.get('x-request-id')).toBe('caller-req-0001')
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('tags a thrown response too, and passes other throws and plain values through', async () => {
    const thrower = resourceRoute((): never => {
      throw new Response('no', { status: 401 })
    })
    const thrown = await thrower(args({ 'x-request-id': 'caller-req-0002' })).catch((error: unknown) => error)
    expect(thrown).toBeInstanceOf(Response)
    expect((thrown as Response).headers.get('x-request-id')).toBe('caller-req-0002')
    expect((thrown as Response).headers.get('x-content-type-options')).toBe('nosniff')

    await expect(resourceRoute(() => Promise.reject(new Error('bug')))(args())).rejects.toThrow('bug')
    expect(await resourceRoute(() => ({ ok: true }))(args())).toEqual({ ok: true })
  })

  it('leaves the request context and headers to our HTTP server when it has set them', async () => {
    const loader = resourceRoute(() => new Response(getRequestContext()?.requestId))
    const response = await runWithRequestContext({ requestId: 'server-req-0001' }, () => loader(args({ 'x-request-id': 'other-one' })))
    expect(await response.text()).toBe('server-req-0001')
    expect(response.headers.get('x-request-id')).toBeNull()
    expect(response.headers.get('content-security-policy')).toBeNull()
  })
})

describe('every resource route', () => {
  // Inngest's serve handler answers Inngest, which sends no request id of ours.
  const exempt = new Set(['api.inngest.ts'])
  const routesDir = path.resolve(import.meta.dirname, '../routes')
  const resourceRoutes = readdirSync(routesDir)
    .filter((file) => /\.tsx?$/.test(file) && !file.includes('.test.') && !exempt.has(file))
    .map((file) => ({ file, source: readFileSync(path.join(routesDir, file), 'utf8') }))
    .filter(({ source }) => !/export default/.test(source) && /export (const|async function|function|\{)[^\n]*(loader|action)/.test(source))

  it('is found', () => {
    expect(resourceRoutes.map((r) => r.file)).toContain('api.v1.me.ts')
  })

  it('wraps its loader and action in resourceRoute, so it has a request id on every host', () => {
    // apiRoute (app/utils/api/api-route.server.ts) builds an /api/v1 route's loader and action with resourceRoute.
    const unwrapped = resourceRoutes.filter(
      ({ source }) => /export (async )?function (loader|action)/.test(source) || !(source.includes('resourceRoute(') || source.includes('apiRoute(')),
    )
    expect(unwrapped.map((r) => r.file)).toEqual([])
  })
})
