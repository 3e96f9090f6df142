import { Buffer } from 'node:buffer'
import { describe, expect, it } from 'vitest'
import type { ReaderProblem as RowProblem } from './landed-row'
import { readCsvRows, type ReadCsvRowsOptions } from './read-csv-rows.server'

type Row = { cells: string[] | null; problems: RowProblem[]; end: number }

async function* pieces(bytes: Buffer, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}

async function readAll(
  bytes: Buffer,
  options: Partial<ReadCsvRowsOptions> & { pieceSize?: number; start?: number; stopAfter?: number } = {},
): Promise<Row[]> {
  const start = options.start ?? 0
  const rows: Row[] = []
  for await (const batch of readCsvRows({
    encoding: 'utf-8',
    delimiter: ',',
    newline: '\n',
    ...options,
    source: pieces(bytes.subarray(start), options.pieceSize ?? 65536),
    startOffset: start,
  })) {
    for (let i = 0; i < batch.rows.length; i++) {
      rows.push({ cells: batch.rows[i]!, problems: batch.problems.get(i) ?? [], end: batch.byteOffsetAfter(i) })
      if (options.stopAfter !== undefined && rows.length >= options.stopAfter) return rows
    }
  }
  return rows
}

/** Reads the file in pieces of `stopAfter` rows, each time from the byte offset the previous piece ended at. */
async function readResumed(bytes: Buffer, rowsPerRun: number, options: Partial<ReadCsvRowsOptions> & { pieceSize?: number } = {}) {
  const all: Row[] = []
  let start = 0
  for (;;) {
    const rows = await readAll(bytes, { ...options, start, stopAfter: rowsPerRun })
    all.push(...rows)
    if (rows.length < rowsPerRun) return all
    start = rows[rows.length - 1]!.end
  }
}

const tricky = Buffer.from(
  [
    'name,note,amount',
    '"Zoë ""Z"" Ñúñez","line one\nline two, still quoted",€12',
    '',
    'Renée,"a\r\nCRLF inside quotes",😀 emoji',
    'plain,,',
    '"",x,y',
    '""',
    '',
    '',
    'last,"tail ✓",9',
    '',
  ].join('\n'),
  'utf8',
)

describe('readCsvRows', () => {
  it('reads rows with quoted line ends, blank lines (a bare line end, or one empty quoted cell) and multi-byte characters, with byte offsets after each row', async () => {
    const rows = await readAll(tricky)
    expect(rows.map((r) => r.cells)).toEqual([
      ['name', 'note', 'amount'],
      ['Zoë "Z" Ñúñez', 'line one\nline two, still quoted', '€12'],
      null,
      ['Renée', 'a\r\nCRLF inside quotes', '😀 emoji'],
      ['plain', '', ''],
      ['', 'x', 'y'],
      null,
      null,
      null,
      ['last', 'tail ✓', '9'],
    ])
    expect(rows.every((r) => r.problems.length === 0)).toBe(true)
    // Every offset is just after a line end, and the last is the file's end.
    for (const row of rows.slice(0, -1)) expect(tricky[row.end - 1]).toBe(0x0a)
    expect(rows.at(-1)!.end).toBe(tricky.length)
  })

  it('reads the same rows whatever the window and piece sizes, so window edges inside quotes and characters do not matter', async () => {
    const expected = await readAll(tricky)
    for (let windowBytes = 1; windowBytes <= 40; windowBytes++) {
      for (const pieceSize of [1, 3, 7, 1000]) {
        expect(await readAll(tricky, { windowBytes, pieceSize }), `window ${windowBytes}, pieces of ${pieceSize}`).toEqual(expected)
      }
    }
  })

  it('resumed from the offset after any row, reads exactly the rows an uninterrupted read does', async () => {
    const expected = await readAll(tricky)
    for (const rowsPerRun of [1, 2, 3, 5]) {
      for (const windowBytes of [4, 9, 64]) {
        expect(await readResumed(tricky, rowsPerRun, { windowBytes }), `${rowsPerRun} rows per run, window ${windowBytes}`).toEqual(expected)
      }
    }
  })

  it('grows the window for a row longer than it', async () => {
    const long = 'x'.repeat(5000)
    const bytes = Buffer.from(`a,b\n"${long}\n${long}",2\nc,d\n`)
    const rows = await readAll(bytes, { windowBytes: 64 })
    expect(rows.map((r) => r.cells)).toEqual([['a', 'b'], [`${long}\n${long}`, '2'], ['c', 'd']])
  })

  it('keeps the rest of the file as one row when a quote is still open at its end', async () => {
    const bytes = Buffer.from('a,b\n1,"open\n2,3\n4,5\n')
    for (const windowBytes of [3, 8, 1024]) {
      const rows = await readAll(bytes, { windowBytes })
      expect(rows.map((r) => r.cells)).toEqual([['a', 'b'], ['1', 'open\n2,3\n4,5\n']])
      expect(rows[1]!.problems).toEqual(['unterminated_quote'])
    }
  })

  it('keeps a quote that never closes within maxRowBytes as its raw line, and reads on at the next line', async () => {
    const bytes = Buffer.from(`a,b\n1,"open\n${'2,3\n'.repeat(50)}4,5\n`)
    const rows = await readAll(bytes, { windowBytes: 16, maxRowBytes: 64 })
    expect(rows[1]).toMatchObject({ cells: ['1,"open'], problems: ['unterminated_quote_raw_line'] })
    expect(rows.slice(2).map((r) => r.cells)).toEqual([...Array.from({ length: 50 }, () => ['2', '3']), ['4', '5']])
  })

  it('keeps a line longer than maxRowBytes as raw text in pieces, losing nothing', async () => {
    const line = 'y'.repeat(200)
    const rows = await readAll(Buffer.from(`a\n${line}\nb\n`), { windowBytes: 16, maxRowBytes: 64 })
    const long = rows.filter((r) => r.problems.includes('row_too_long'))
    expect(long.length).toBeGreaterThan(1)
    expect(rows.map((r) => (r.cells ?? []).join('')).join('')).toBe(`a${line}b`)
  })

  it('marks a malformed quote and keeps what the parser read', async () => {
    const rows = await readAll(Buffer.from('a,b\n"x"y,z\n'))
    expect(rows[1]!.problems).toContain('malformed_quote')
    expect(rows[1]!.cells!.join(',')).toContain('x"y')
  })

  it('reads bytes that are not UTF-8 as Windows-1252, flags their row, and keeps the byte offsets exact', async () => {
    const bytes = Buffer.concat([Buffer.from('a,b\nJosé,1\n'), Buffer.from([0x52, 0x65, 0x6e, 0xe9, 0x65, 0x2c, 0x80, 0x0a]), Buffer.from('Zoë,3\n')])
    for (const windowBytes of [2, 5, 1024]) {
      const rows = await readAll(bytes, { windowBytes })
      expect(rows.map((r) => r.cells)).toEqual([['a', 'b'], ['José', '1'], ['Renée', '€'], ['Zoë', '3']])
      expect(rows.map((r) => r.problems)).toEqual([[], [], ['not_utf8'], []])
      expect(rows[2]!.end).toBe(bytes.indexOf('Zoë'))
    }
  })

  it('reads Windows-1252 one byte per character', async () => {
    const bytes = Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x3b, 0x93, 0x71, 0x94, 0x0d, 0x0a, 0x80, 0x3b, 0xf1, 0x0d, 0x0a])
    const rows = await readAll(bytes, { encoding: 'windows-1252', delimiter: ';', newline: '\r\n', windowBytes: 3 })
    expect(rows.map((r) => r.cells)).toEqual([['Café', '“q”'], ['€', 'ñ']])
    expect(rows.map((r) => r.end)).toEqual([10, 15])
  })

  it('splits rows on a lone CR when that is the line end', async () => {
    const rows = await readAll(Buffer.from('a,b\r1,"x\ry"\r2,3'), { newline: '\r', windowBytes: 4 })
    expect(rows.map((r) => r.cells)).toEqual([['a', 'b'], ['1', 'x\ry'], ['2', '3']])
  })
})
