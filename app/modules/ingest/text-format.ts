/**
 * The text formats LAND reads (docs/decisions/025): what `import_files`
 * stores in `encoding`, `delimiter` and `line_ending`.
 */
export const TEXT_ENCODINGS = ['utf-8', 'utf-8-bom', 'windows-1252'] as const
export type TextEncoding = (typeof TEXT_ENCODINGS)[number]

export const DELIMITERS = [',', '\t', ';', '|'] as const
export type Delimiter = (typeof DELIMITERS)[number]

export const LINE_ENDINGS = ['crlf', 'lf', 'cr'] as const
export type LineEnding = (typeof LINE_ENDINGS)[number]

const NEWLINES: Record<LineEnding, '\r\n' | '\n' | '\r'> = { crlf: '\r\n', lf: '\n', cr: '\r' }

export const newlineOf = (lineEnding: LineEnding) => NEWLINES[lineEnding]

export function lineEndingOf(newline: string): LineEnding {
  return newline === '\r\n' ? 'crlf' : newline === '\r' ? 'cr' : 'lf'
}

/** How the bytes after the byte-order mark are decoded: a BOM changes where the text starts, not how it reads. */
export const byteEncodingOf = (encoding: TextEncoding): 'utf-8' | 'windows-1252' =>
  encoding === 'windows-1252' ? 'windows-1252' : 'utf-8'

export const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf])
