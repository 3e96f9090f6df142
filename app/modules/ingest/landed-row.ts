/**
 * How LAND stores a row (docs/decisions/024) and how a reader gets the cells
 * back. `payload` is the JSON array of the row's cells; `error` lists what was
 * wrong with it as `code: message` parts separated by `; `, so RECORD can
 * count errors by type and a person can read them.
 *
 * Postgres cannot keep U+0000 in text, jsonb, or a json value it has to
 * unescape, so a row holding one is stored escaped: every `\` as `\\` and
 * every NUL as `\0`, and its error says `nul_escaped`. `landedCells` undoes it.
 */
export type ReaderProblem = 'unterminated_quote' | 'unterminated_quote_raw_line' | 'malformed_quote' | 'not_utf8' | 'row_too_long'

export const LANDED_ROW_ERROR_CODES = [
  'ragged_row',
  'unterminated_quote',
  'malformed_quote',
  'not_utf8',
  'row_too_long',
  'nul_escaped',
] as const
export type LandedRowErrorCode = (typeof LANDED_ROW_ERROR_CODES)[number]

const PROBLEM_MESSAGES: Record<ReaderProblem, string> = {
  unterminated_quote: 'unterminated_quote: a quoted field is never closed, so the rest of the file is kept in this row',
  unterminated_quote_raw_line:
    'unterminated_quote: a quoted field is not closed within 16 MiB, so this line is kept as raw text in one cell and reading went on at the next line',
  malformed_quote: 'malformed_quote: a closing quote is followed by more text, which was read as part of the field',
  not_utf8: 'not_utf8: bytes that are not UTF-8 were read as Windows-1252',
  row_too_long: 'row_too_long: the line is longer than 16 MiB, so it is kept as raw text over several rows',
}

const NUL_MESSAGE = 'nul_escaped: NUL characters (U+0000) are stored as \\0 in this row, and backslashes as \\\\'

export type LandedRow = { payload: string; error: string | null }

export function landedRow(cells: string[], headerLength: number, problems: readonly ReaderProblem[] | undefined): LandedRow {
  let payload = JSON.stringify(cells)
  const errors: string[] = []
  if (problems) for (const problem of problems) errors.push(PROBLEM_MESSAGES[problem])
  if (cells.length !== headerLength) errors.push(`ragged_row: ${cells.length} ${cells.length === 1 ? 'field' : 'fields'}, the header has ${headerLength}`)
  // A single-character search first: most rows hold no backslash at all, so no escaped NUL either.
  if (payload.indexOf('\\') !== -1 && payload.includes('\\u0000') && cells.some((cell) => cell.includes('\0'))) {
    payload = JSON.stringify(cells.map((cell) => cell.replaceAll('\\', '\\\\').replaceAll('\0', '\\0')))
    errors.push(NUL_MESSAGE)
  }
  return { payload, error: errors.length > 0 ? errors.join('; ') : null }
}

export function landedRowErrorCodes(error: string | null): LandedRowErrorCode[] {
  if (!error) return []
  return error.split('; ').map((part) => part.slice(0, part.indexOf(':')) as LandedRowErrorCode)
}

/** The row's cells as they were in the file. */
export function landedCells(row: { payload: unknown; error: string | null }): string[] {
  const cells = row.payload as string[]
  if (!landedRowErrorCodes(row.error).includes('nul_escaped')) return cells
  return cells.map((cell) => cell.replace(/\\([\\0])/g, (_match, escaped: string) => (escaped === '0' ? '\0' : '\\')))
}
