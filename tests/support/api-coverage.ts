/**
 * Compares what the /api/v1 routes serve with what the OpenAPI document
 * says, path by path and method by method. GET also answers HEAD without
 * the document listing it.
 */
export type MethodsByPath = Map<string, readonly string[]>

export function coverageProblems(served: MethodsByPath, documented: MethodsByPath): string[] {
  const problems: string[] = []
  for (const [path, methods] of served) {
    const inDocument = new Set(documented.get(path) ?? [])
    if (!documented.has(path)) {
      problems.push(`${path} is served by a route but missing from the OpenAPI document`)
      continue
    }
    for (const method of methods) {
      if (method === 'HEAD' && inDocument.has('GET')) continue
      if (!inDocument.has(method)) problems.push(`${method} ${path} is served but missing from the OpenAPI document`)
    }
  }
  for (const [path, methods] of documented) {
    const byRoute = new Set(served.get(path) ?? [])
    for (const method of methods) {
      if (!byRoute.has(method)) problems.push(`${method} ${path} is in the OpenAPI document but no route serves it`)
    }
  }
  return problems
}

/** A Remix route path (`api/v1/imports/:id`) as an OpenAPI path (`/api/v1/imports/{id}`). */
export function openApiPath(remixPath: string): string {
  return `/${remixPath}`.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}')
}
