/** One line of Postgres COPY text format: tab-separated, `\N` for null, backslash escapes. */
export function copyLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  const cells = new Array<string>(values.length)
  for (let i = 0; i < values.length; i++) {
    const value = values[i]
    cells[i] = value === null || value === undefined ? '\\N' : typeof value === 'string' ? escapeCopyText(value) : String(value)
  }
  return cells.join('\t') + '\n'
}

const SPECIAL = /[\\\t\n\r\u0000]/

export function escapeCopyText(value: string): string {
  if (!SPECIAL.test(value)) return value
  return value
    .replace(/\u0000/g, '')
    .replace(/\\/g, '\\\\')
    .replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
}
