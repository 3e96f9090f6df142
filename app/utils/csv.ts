/**
 * CSV per RFC 4180 (CRLF line ends, fields quoted when they hold a quote,
 * comma or line break), with cells that a spreadsheet would run as a formula
 * (=, +, -, @, tab, carriage return first) prefixed with a single quote, as
 * OWASP advises: an exported value such as `=HYPERLINK(…)` must stay text.
 */
const formulaStart = /^[=+\-@\t\r]/
const needsQuotes = /[",\r\n]/

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return ''
  let text = String(value)
  if (formulaStart.test(text)) text = `'${text}`
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export function csvRow(values: readonly (string | number | boolean | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`
}
