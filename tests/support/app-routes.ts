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

/** Routes whose module renders something (a default export): pages and the layouts around them. */
export function pageRoutes(routes = appRoutes()): AppRoute[] {
  return routes.filter((route) => /^export default /m.test(readFileSync(path.join(appDir, route.file), 'utf8')))
}

/** The routes that render `pathname`, outermost first (what Remix would match), or none. */
export function routesRendering(pathname: string, routes = appRoutes()): AppRoute[] {
  type Node = AgnosticRouteObject & { route: AppRoute; children?: Node[] }
  const nodes = new Map(routes.map((route) => [route.id, { id: route.id, path: route.path, index: route.index, route, children: [] } as Node]))
  const roots: Node[] = []
  for (const route of routes) {
    const node = nodes.get(route.id)!
    const parent = route.parentId ? nodes.get(route.parentId) : undefined
    if (parent) parent.children!.push(node)
    else roots.push(node)
  }
  return (matchRoutes(roots, pathname) ?? []).map((match) => (match.route as Node).route)
}
