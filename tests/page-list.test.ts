import { describe, expect, it } from 'vitest'
import { pages } from '../e2e/pages'
import { appRoutes, pageRoutes, routesRendering } from './support/app-routes'

/**
 * e2e/pages.ts lists every page for the guards that hold on all of them
 * (Content-Security-Policy, accessibility). A page route nobody added there
 * would escape them: this fails naming it.
 */

const routes = appRoutes()

describe('the list of pages the end-to-end guards visit', () => {
  it('visits every page route in app/routes', () => {
    const visited = new Set(pages.flatMap((page) => routesRendering(page.path, routes).map((route) => route.id)))
    const missing = pageRoutes(routes)
      .filter((route) => !visited.has(route.id))
      .map((route) => `app/${route.file}`)
    expect(missing).toEqual([])
  })

  it('names only paths that render a page, or an error page on purpose', () => {
    const pageIds = new Set(pageRoutes(routes).map((route) => route.id))
    const strays = pages
      .filter((page) => page.status !== 404)
      .filter((page) => !routesRendering(page.path, routes).some((route) => route.id !== 'root' && pageIds.has(route.id)))
      .map((page) => page.path)
    expect(strays).toEqual([])
    for (const page of pages.filter((p) => p.status === 404)) expect(routesRendering(page.path, routes), page.path).toEqual([])
  })

  it('finds the routes it checks', () => {
    expect(pageRoutes(routes).map((route) => route.file)).toEqual(
      expect.arrayContaining(['root.tsx', 'routes/_app.tsx', 'routes/_app.dashboard.tsx', 'routes/signin._index.tsx']),
    )
    // Resource routes (no default export) are not pages.
    expect(pageRoutes(routes).map((route) => route.file)).not.toContain('routes/healthz.ts')
  })
})
