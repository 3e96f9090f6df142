/** One line of Postgres COPY text format: tab-separated, `\N` for null, backslash escapes. */
export function copyLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  let line = ''
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += '\t'
    const value = values[i]
    if (value === null || value === undefined) line += '\\N'
    else if (typeof value === 'string') line += escapeCopyText(value)
    else line += String(value)
  }
  return line + '\n'
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
