import { describe, expect, it } from 'vitest'
import { openApiDocument } from '~/api/document.server'
import { apiOperations } from '~/api/operations.server'
import type { ApiRouteFunction } from '~/utils/api/api-route.server'
import { ApiContract } from '../support/api-contract'
import { coverageProblems, openApiPath, type MethodsByPath } from '../support/api-coverage'
import { appRoutes, fullRoutePath, routeModulePath } from '../support/app-routes'

/**
 * Every /api/v1 route (app/routes/api.v1.*) and every method it answers is in
 * the OpenAPI document, and the document names nothing no route serves. The
 * methods are found by asking each route, as a client would: anything but
 * the framework's 405 is served. The catch-all 404 (api.v1.$) is not an
 * operation; the document's guide lists its answer.
 */

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const
type RouteModule = { loader?: ApiRouteFunction; action?: ApiRouteFunction }

const routes = appRoutes()
// By whole path: a route may nest under another (api.v1.uploads.$id.ts under api.v1.uploads.ts).
const apiRoutes = routes
  .map((route) => ({ ...route, path: fullRoutePath(route, routes) }))
  .filter((route) => route.path.startsWith('api/v1/') && route.path !== 'api/v1/*')

const document = openApiDocument('http://localhost') as unknown as { paths: Record<string, Record<string, unknown>> }
const contract = new ApiContract(document)

/** The methods a route answers with anything but 405; each answer is checked against the document too. */
async function methodsServed(module: RouteModule, path: string): Promise<string[]> {
  const concrete = path.replace(/\{[^}]+\}/g, 'x')
  const served: string[] = []
  for (const method of METHODS) {
    const handler = method === 'GET' || method === 'HEAD' ? module.loader : module.action
    if (!handler) continue
    const request = new Request(`http://localhost${concrete}`, { method })
    const response = await handler({ request, params: {}, context: {} }).catch((thrown: unknown) => {
      if (thrown instanceof Response) return thrown
      throw thrown
    })
    const body = method === 'HEAD' ? '' : await response.text()
    // A method the document lacks cannot match it; the comparison below names it more plainly.
    if (contract.operationFor(method, concrete)?.operation || response.status === 405) {
      contract.assert({ method, path: concrete, status: response.status, headers: response.headers, body })
    }
    if (response.status !== 405) served.push(method)
  }
  return served
}

describe('the OpenAPI document covers the /api/v1 routes', () => {
  it('finds the API routes', () => {
    expect(apiRoutes.map((route) => route.file)).toEqual(
      expect.arrayContaining(['routes/api.v1.me.ts', 'routes/api.v1.openapi[.]json.ts', 'routes/api.v1.uploads.$id.ts']),
    )
  })

  it('has every route and method, and nothing more', async () => {
    const served: MethodsByPath = new Map()
    for (const route of apiRoutes) {
      const module = (await import(routeModulePath(route))) as RouteModule
      const path = openApiPath(route.path!)
      // The framework answers every method of a route: one built without it might not say what it serves.
      expect({ file: route.file, builtWithApiRoute: Boolean(module.loader?.apiOperations && module.action?.apiOperations) }).toEqual({
        file: route.file,
        builtWithApiRoute: true,
      })
      expect(module.loader!.apiOperations.every((operation) => operation.path === path), `${route.file} declares operations of another path`).toBe(true)
      served.set(path, await methodsServed(module, path))
    }
    const documented: MethodsByPath = new Map(
      Object.entries(document.paths).map(([path, item]) => [path, Object.keys(item).map((method) => method.toUpperCase())]),
    )
    expect(coverageProblems(served, documented)).toEqual([])
  })

  it('lists in the registry exactly the operations the routes are built from', async () => {
    const routed: string[] = []
    for (const route of apiRoutes) {
      const module = (await import(routeModulePath(route))) as RouteModule
      routed.push(...(module.loader?.apiOperations ?? []).map((operation) => operation.operationId))
    }
    expect(routed.sort()).toEqual(apiOperations.map((operation) => operation.operationId).sort())
  })
})
