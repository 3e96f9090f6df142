/**
 * Reads delimited rows from a byte stream that starts at a row boundary, in
 * windows of bounded size, and says after each row at which byte of the file
 * the next one starts: the cursor LAND stores (docs/decisions/024).
 *
 * Each window is decoded (decode-window) and parsed by papaparse's own
 * Parser in array mode, told to leave out the last row unless the window
 * reaches the end of the file: that row may be cut, so it is read again at
 * the start of the next window. A window without one complete row (a row
 * longer than the window) is doubled until it holds one, up to
 * `maxRowBytes`, so memory stays bounded whatever the file holds.
 */
import { Buffer } from 'node:buffer'
import Papa from 'papaparse'
import { decodeWindow } from './decode-window.server'
import type { ReaderProblem } from './landed-row'

type RowProblem = ReaderProblem

export type CsvBatch = {
  /** The rows of one window, in file order; `null` is a blank line (a line end and nothing else). */
  rows: (string[] | null)[]
  /** Problems by row index (most rows have none). */
  problems: Map<number, RowProblem[]>
  /** Byte offset in the file just past row `index` (its line end included). */
  byteOffsetAfter(index: number): number
}

export type ReadCsvRowsOptions = {
  source: AsyncIterable<Uint8Array>
  /** The byte offset in the file at which `source` starts. */
  startOffset: number
  encoding: 'utf-8' | 'windows-1252'
  delimiter: string
  newline: '\n' | '\r\n' | '\r'
  windowBytes?: number
  maxRowBytes?: number
}

// Small windows keep the rows of one window short-lived: 256 KiB parsed ~1.6× faster than 1 MiB (less GC).
export const DEFAULT_WINDOW_BYTES = 256 * 1024
export const DEFAULT_MAX_ROW_BYTES = 16 * 1024 * 1024

const QUOTE_PROBLEMS: Record<string, RowProblem> = {
  MissingQuotes: 'unterminated_quote',
  InvalidQuotes: 'malformed_quote',
}

type ParsedText = { rows: string[][]; end: number; problems: Map<number, RowProblem[]> }

function addProblem(problems: Map<number, RowProblem[]>, index: number, problem: RowProblem) {
  const list = problems.get(index)
  if (!list) problems.set(index, [problem])
  else if (!list.includes(problem)) list.push(problem)
}

type Newline = '\n' | '\r\n' | '\r'

/** The window's rows in array mode (the fast path: no per-row callback), and the character after the last one. */
function parseText(text: string, delimiter: string, newline: Newline, leaveOutLastRow: boolean): ParsedText {
  const result = new Papa.Parser({ delimiter, newline, quoteChar: '"' }).parse(text, 0, leaveOutLastRow) as Papa.ParseResult<string[]>
  const problems = new Map<number, RowProblem[]>()
  for (const error of result.errors) {
    const problem = QUOTE_PROBLEMS[error.code]
    if (problem && error.row !== undefined) addProblem(problems, error.row, problem)
  }
  return { rows: result.data, end: result.meta.cursor, problems }
}

/** Where each of the first `count` rows of `text` ends: parsed again, row by row (needed once per chunk, not per row). */
function rowEnds(text: string, delimiter: string, newline: Newline, count: number): number[] {
  const ends: number[] = []
  const parser = new Papa.Parser({
    delimiter,
    newline,
    quoteChar: '"',
    step: (result: Papa.ParseStepResult<string[][]>) => {
      ends.push(result.meta.cursor)
      if (ends.length >= count) parser.abort()
    },
  })
  parser.parse(text, 0, false)
  return ends
}

/** Index of the first row whose end is after `charIndex` (rows are contiguous from char 0). */
function rowAt(ends: number[], charIndex: number): number {
  let low = 0
  let high = ends.length - 1
  while (low < high) {
    const mid = (low + high) >> 1
    if (ends[mid]! > charIndex) high = mid
    else low = mid + 1
  }
  return low
}

export async function* readCsvRows(options: ReadCsvRowsOptions): AsyncGenerator<CsvBatch> {
  const { encoding, delimiter, newline } = options
  const windowBytes = options.windowBytes ?? DEFAULT_WINDOW_BYTES
  const maxRowBytes = Math.max(options.maxRowBytes ?? DEFAULT_MAX_ROW_BYTES, windowBytes)
  const iterator = options.source[Symbol.asyncIterator]()
  let chunks: Buffer[] = []
  let buffered = 0
  let sourceDone = false
  let fileOffset = options.startOffset

  const fill = async (target: number) => {
    while (!sourceDone && buffered < target) {
      const next = await iterator.next()
      if (next.done) sourceDone = true
      else if (next.value.byteLength > 0) {
        chunks.push(Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength))
        buffered += next.value.byteLength
      }
    }
  }
  const pending = () => {
    if (chunks.length > 1) chunks = [Buffer.concat(chunks)]
    return chunks[0] ?? Buffer.alloc(0)
  }
  const consume = (bytes: number) => {
    const rest = pending().subarray(bytes)
    chunks = rest.length > 0 ? [rest] : []
    buffered = rest.length
    fileOffset += bytes
  }

  try {
    let want = windowBytes
    for (;;) {
      await fill(want)
      const all = pending()
      if (all.length === 0 && sourceDone) return
      const window = all.subarray(0, Math.min(want, all.length))
      const final = sourceDone && window.length === all.length
      const decoded = decodeWindow(window, encoding, { final })
      const parsed = parseText(decoded.text, delimiter, newline, !final)

      if (parsed.rows.length === 0 && !final) {
        if (window.length < maxRowBytes) {
          want = Math.min(maxRowBytes, window.length * 2)
          continue
        }
        // No row ends within maxRowBytes. With a line end in the window a quote
        // was opened and never closed: keep that physical line as raw text and
        // read on after it. Without one, the line itself is too long: keep the
        // window as raw text and read on after it.
        const lineEnd = decoded.text.indexOf(newline)
        const problem: RowProblem = lineEnd >= 0 ? 'unterminated_quote_raw_line' : 'row_too_long'
        const rawEnd = lineEnd >= 0 ? lineEnd : decoded.text.length
        const consumedChars = lineEnd >= 0 ? lineEnd + newline.length : decoded.text.length
        const consumedBytes = decoded.byteOffsetAt(consumedChars)
        const start = fileOffset
        yield { rows: [[decoded.text.slice(0, rawEnd)]], problems: new Map([[0, [problem]]]), byteOffsetAfter: () => start + consumedBytes }
        consume(consumedBytes)
        want = windowBytes
        continue
      }

      const { rows, problems } = parsed
      let ends: number[] | undefined
      const endsOf = () => (ends ??= rowEnds(decoded.text, delimiter, newline, rows.length))
      for (const [from, to] of decoded.foreign) {
        const known = endsOf()
        for (let index = rowAt(known, from); index < rows.length && known[index]! > from; index++) {
          if (index > 0 && known[index - 1]! >= to) break
          addProblem(problems, index, 'not_utf8')
        }
      }
      // What ends the text of the last window is no line at all: the empty rest after the last line end.
      const last = rows[rows.length - 1]
      if (final && last?.length === 1 && last[0] === '' && decoded.text.endsWith(newline)) rows.pop()
      const batchRows: (string[] | null)[] = rows
      for (let index = 0; index < rows.length; index++) {
        const cells = rows[index]!
        // A row that is one empty cell (a bare line end, or "") holds nothing: a blank line.
        if (cells.length === 1 && cells[0] === '') batchRows[index] = null
      }
      const start = fileOffset
      const lastEnd = parsed.end
      const byteOffsetAfter = (index: number) =>
        start + decoded.byteOffsetAt(index >= rows.length - 1 ? lastEnd : endsOf()[index]!)
      const consumedBytes = final ? window.length : decoded.byteOffsetAt(lastEnd)
      if (batchRows.length > 0) yield { rows: batchRows, problems, byteOffsetAfter }
      consume(consumedBytes)
      want = windowBytes
      if (final) return
    }
  } finally {
    await iterator.return?.()
  }
}
