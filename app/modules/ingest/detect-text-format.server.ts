/**
 * What kind of text a file is, from its first bytes (docs/decisions/025):
 * refuses what is not delimited text (empty, a known binary format, too many
 * control bytes, UTF-16/32), then picks the encoding (byte-order mark, else
 * strict UTF-8, else Windows-1252), the line end and the delimiter, and finds
 * the header row: the first row that is not blank.
 */
import { Buffer } from 'node:buffer'
import Papa from 'papaparse'
import { AppError } from '~/utils/app-error'
import { decodeWindow, type DecodedWindow } from './decode-window.server'
import { DELIMITERS, lineEndingOf, newlineOf, UTF8_BOM, type Delimiter, type LineEnding, type TextEncoding } from './text-format'

export type TextFormat = {
  encoding: TextEncoding
  delimiter: Delimiter
  lineEnding: LineEnding
  /** The header row's cells, verbatim. */
  header: string[]
  /** Byte offset just past the header row: where the first data row starts. */
  dataStart: number
}

/** The sample holds no complete header row yet: read a longer one (or the whole file). */
export class SampleTooShort extends Error {
  override name = 'SampleTooShort'
}

const SAVE_AS_CSV = 'save it as CSV (in Excel: File › Save As › CSV UTF-8) and upload that file'

const SIGNATURES: { bytes: number[] | string; describe: (sample: Buffer) => string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], describe: zipMessage },
  { bytes: [0x50, 0x4b, 0x05, 0x06], describe: zipMessage },
  { bytes: [0x50, 0x4b, 0x07, 0x08], describe: zipMessage },
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    describe: () => `This looks like an Excel 97–2003 workbook (or another Office document); ${SAVE_AS_CSV}.`,
  },
  { bytes: '%PDF-', describe: () => 'This is a PDF document, not a CSV file: export the data as CSV and upload that.' },
  { bytes: [0x1f, 0x8b], describe: () => 'This file is compressed with gzip: decompress it and upload the CSV inside.' },
  { bytes: 'BZh', describe: () => 'This file is compressed with bzip2: decompress it and upload the CSV inside.' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], describe: () => 'This file is compressed with xz: decompress it and upload the CSV inside.' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], describe: () => 'This file is compressed with zstd: decompress it and upload the CSV inside.' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], describe: () => 'This is a 7-Zip archive: extract it and upload the CSV inside.' },
  { bytes: 'Rar!\x1a\x07', describe: () => 'This is a RAR archive: extract it and upload the CSV inside.' },
  { bytes: 'SQLite format 3\0', describe: () => 'This is an SQLite database, not a CSV file: export the table as CSV and upload that.' },
  { bytes: 'PAR1', describe: () => 'This is a Parquet file, not a CSV file: export it as CSV and upload that.' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], describe: imageMessage },
  { bytes: [0xff, 0xd8, 0xff], describe: imageMessage },
  { bytes: 'GIF8', describe: imageMessage },
]

function zipMessage(sample: Buffer): string {
  const names = sample.toString('latin1')
  if (names.includes('xl/')) return `This looks like an Excel workbook; ${SAVE_AS_CSV}.`
  if (names.includes('opendocument.spreadsheet')) return 'This looks like an OpenDocument spreadsheet; save it as CSV and upload that file.'
  if (names.includes('word/')) return 'This is a Word document, not a CSV file: export the data as CSV and upload that.'
  return 'This is a ZIP archive: extract it and upload the CSV inside.'
}

function imageMessage(): string {
  return 'This is an image, not a CSV file.'
}

const startsWith = (sample: Buffer, bytes: number[] | string) =>
  typeof bytes === 'string' ? sample.subarray(0, bytes.length).toString('latin1') === bytes : bytes.every((b, i) => sample[i] === b)

const binary = (message: string) => new AppError('import_file_binary', message, 422)

export const emptyFileError = () =>
  new AppError('import_file_empty', 'This file is empty: it has no header row and no data.', 422)

/**
 * Control characters that do not occur in text files: C0 controls other than
 * tab, line feed, vertical tab (FileMaker's line break in a cell), form feed
 * and carriage return; DEL; and the five bytes Windows-1252 leaves undefined.
 */
const NOT_TEXT = /[\x00-\x08\x0e-\x1f\x7f\x81\x8d\x8f\x90\x9d]/g
/** More than one such character per thousand and the file is not text; fewer are kept (and a NUL is escaped, ADR 024). */
const NOT_TEXT_PER_MILLE = 1

/**
 * `sample` is the start of the file; `complete` says it is the whole file.
 * Throws an AppError for a file LAND refuses, and SampleTooShort when the
 * sample ends before the header row does.
 */
export function detectTextFormat({ sample, complete }: { sample: Buffer; complete: boolean }): TextFormat {
  if (startsWith(sample, [0xff, 0xfe]) || startsWith(sample, [0xfe, 0xff]) || startsWith(sample, [0x00, 0x00, 0xfe, 0xff])) {
    throw new AppError(
      'import_file_unsupported_encoding',
      'This file is UTF-16 or UTF-32 text; save it as CSV UTF-8 (or Windows-1252) and upload it again.',
      422,
    )
  }
  for (const signature of SIGNATURES) {
    if (startsWith(sample, signature.bytes)) throw binary(signature.describe(sample))
  }

  const hasBom = startsWith(sample, [...UTF8_BOM])
  const body = hasBom ? sample.subarray(UTF8_BOM.length) : sample
  let encoding: TextEncoding = hasBom ? 'utf-8-bom' : 'utf-8'
  let decoded: DecodedWindow = decodeWindow(body, 'utf-8', { final: complete })
  if (!hasBom && decoded.foreign.length > 0) {
    encoding = 'windows-1252'
    decoded = decodeWindow(body, 'windows-1252', { final: complete })
  }
  const text = decoded.text

  if (text.trim() === '') {
    if (complete) throw emptyFileError()
    throw new SampleTooShort('only blank text so far')
  }
  const notText = text.match(NOT_TEXT)?.length ?? 0
  if (notText > (text.length * NOT_TEXT_PER_MILLE) / 1000) {
    throw binary(
      'This file holds binary data (NUL or other control bytes), not text: upload a CSV, TSV or other delimited text file.',
    )
  }

  const lineEnding = lineEndingOf(Papa.parse(text, { preview: 1, delimiter: ',' }).meta.linebreak)
  const newline = newlineOf(lineEnding)
  const completeRows = complete ? text : text.slice(0, text.lastIndexOf(newline) + newline.length)
  const delimiter = guessDelimiter(completeRows || text, newline)

  const header = firstRow(text, delimiter, newline, complete)
  if (!header) throw new SampleTooShort('the header row continues past the sample')
  if (header.cells.some((cell) => cell.includes('\0'))) {
    throw binary('This file holds NUL bytes in its header row: it does not look like a CSV file.')
  }
  return {
    encoding,
    delimiter,
    lineEnding,
    header: header.cells,
    dataStart: (hasBom ? UTF8_BOM.length : 0) + decoded.byteOffsetAt(header.end),
  }
}

type Newline = ReturnType<typeof newlineOf>

function guessDelimiter(text: string, newline: Newline): Delimiter {
  const guessed = Papa.parse(text, {
    newline,
    delimitersToGuess: [...DELIMITERS],
    skipEmptyLines: true,
    preview: 20,
  }).meta.delimiter
  return (DELIMITERS as readonly string[]).includes(guessed) ? (guessed as Delimiter) : ','
}

/** The first row that is not a blank line, and the character just past it; undefined if it is not complete. */
function firstRow(text: string, delimiter: string, newline: Newline, complete: boolean) {
  let found: { cells: string[]; end: number } | undefined
  let start = 0
  const parser = new Papa.Parser({
    delimiter,
    newline,
    quoteChar: '"',
    step: (result: Papa.ParseStepResult<string[][]>) => {
      const cells = result.data[0] ?? ['']
      const end = result.meta.cursor
      const blank = cells.length === 1 && cells[0] === '' && end - start <= newline.length
      start = end
      if (blank) return
      found = { cells, end }
      parser.abort()
    },
  })
  parser.parse(text, 0, !complete)
  return found
}
