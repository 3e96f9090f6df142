/** Adds one chunk's counts to the running totals: numbers add, nested records (errors by type) add per key. */
export type Counts = { [key: string]: number | Counts }

export function addCounts(total: Counts, chunk: Counts): Counts {
  const result: Counts = { ...total }
  for (const [key, value] of Object.entries(chunk)) {
    const current = result[key]
    if (typeof value === 'number') result[key] = (typeof current === 'number' ? current : 0) + value
    else result[key] = addCounts(typeof current === 'object' && current ? current : {}, value)
  }
  return result
}
