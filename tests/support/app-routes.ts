import { readFileSync } from 'node:fs'
import path from 'node:path'
import { flatRoutes } from '@remix-run/dev/dist/config/flat-routes.js'
import { matchRoutes, type AgnosticRouteObject } from '@remix-run/router'

/**
 * The app's routes as Remix's compiler finds them (flat routes in
 * app/routes, with remix.config.js's ignored files), without a build.
 */

const appDir = path.resolve(import.meta.dirname, '../../app')

export type AppRoute = { id: string; parentId?: string; path?: string; index?: boolean; file: string }

export function appRoutes(): AppRoute[] {
  const manifest = flatRoutes(appDir, ['**/.*', '**/*.test.{ts,tsx}'])
  return [{ id: 'root', path: '', file: 'root.tsx' }, ...Object.values(manifest)]
}

/**
 * A route's whole URL path, its parents' included: `api.v1.uploads.$id.ts`
 * nests under `api.v1.uploads.ts`, so its own path is only `:id`.
 */
export function fullRoutePath(route: AppRoute, routes = appRoutes()): string {
  const byId = new Map(routes.map((r) => [r.id, r]))
  const parts: string[] = []
  for (let current: AppRoute | undefined = route; current; current = current.parentId ? byId.get(current.parentId) : undefined) {
    if (current.path) parts.unshift(current.path)
  }
  return parts.join('/')
}

/** Routes whose module renders something (a default export): pages and the layouts around them. */
export function pageRoutes(routes = appRoutes()): AppRoute[] {
  return routes.filter((route) => /^export default /m.test(readFileSync(path.join(appDir, route.file), 'utf8')))
}

type RouteNode = AgnosticRouteObject & { route: AppRoute; children?: RouteNode[] }

/** The routes as the nested tree Remix matches against. */
function routeTree(routes: AppRoute[]): RouteNode[] {
  const nodes = new Map(routes.map((route) => [route.id, { id: route.id, path: route.path, index: route.index, route, children: [] } as RouteNode]))
  const roots: RouteNode[] = []
  for (const route of routes) {
    const node = nodes.get(route.id)!
    const parent = route.parentId ? nodes.get(route.parentId) : undefined
    if (parent) parent.children!.push(node)
    else roots.push(node)
  }
  return roots
}

/** The routes that render `pathname`, outermost first (what Remix would match), or none. */
export function routesRendering(pathname: string, routes = appRoutes()): AppRoute[] {
  return (matchRoutes(routeTree(routes), pathname) ?? []).map((match) => (match.route as RouteNode).route)
}

/** The route that answers `pathname` (the innermost match) and its params, or null. */
export function matchAppRoute(pathname: string, routes = appRoutes()): { route: AppRoute; params: Record<string, string | undefined> } | null {
  const matches = matchRoutes(routeTree(routes), pathname)
  const last = matches?.[matches.length - 1]
  return last ? { route: (last.route as RouteNode).route, params: last.params } : null
}

/** The absolute path of a route's module. */
export function routeModulePath(route: AppRoute): string {
  return path.join(appDir, route.file)
}
