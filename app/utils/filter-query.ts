/** The filters of a list page's URL as a query string: only `keys`, without the page position. */
export function filterQuery(search: string, keys: readonly string[]): URLSearchParams {
  const current = new URLSearchParams(search)
  const kept = new URLSearchParams()
  for (const key of keys) {
    const value = current.get(key)
    if (value) kept.set(key, value)
  }
  return kept
}

/** `base` with one parameter set, as a `?…` link target. */
export function withParam(base: URLSearchParams, key: string, value: string): string {
  const next = new URLSearchParams(base)
  next.set(key, value)
  return `?${next}`
}
