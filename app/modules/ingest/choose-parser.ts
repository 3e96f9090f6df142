import { AppError } from '~/utils/app-error'
import { columnMapSchema, columnsMissingFromHeader } from './parsers/column-map'
import { detectParser, findParser } from './parsers/registry'

export type ParserChoice = {
  key: string
  version: number
  columnMap: Record<string, string> | null
  confidence: number
  reasons: string[]
}

/**
 * What to extract with: a column map means the generic CSV parser; a named
 * parser (and version) is the operator's choice (confidence 1); otherwise
 * detection, which must clear its threshold.
 */
export function chooseParser(options: {
  header: readonly string[]
  parserKey?: string | null
  parserVersion?: number | null
  columnMap?: unknown
}): ParserChoice {
  if (options.columnMap) {
    const parsed = columnMapSchema.safeParse(options.columnMap)
    if (!parsed.success) {
      throw new AppError('invalid_column_map', parsed.error.issues.map((i) => i.message).join('; '), 422)
    }
    const missing = columnsMissingFromHeader(parsed.data, options.header)
    if (missing.length) {
      throw new AppError('invalid_column_map', `The file has no column ${missing.map((m) => `"${m}"`).join(', ')}`, 422)
    }
    const parser = findParser('generic-csv', options.parserKey === 'generic-csv' ? options.parserVersion : null)!
    return { key: parser.key, version: parser.version, columnMap: parsed.data, confidence: 1, reasons: ['column map chosen by the operator'] }
  }
  if (options.parserKey) {
    const parser = findParser(options.parserKey, options.parserVersion)
    if (!parser) throw new AppError('unknown_parser', `No parser "${options.parserKey}"${options.parserVersion ? ` version ${options.parserVersion}` : ''}`, 422)
    if (parser.key === 'generic-csv') throw new AppError('invalid_column_map', 'The generic CSV parser needs a column map', 422)
    return { key: parser.key, version: parser.version, columnMap: null, confidence: 1, reasons: ['chosen by the operator', ...parser.detect(options.header).reasons] }
  }
  const detected = detectParser(options.header)
  if (!detected) {
    throw new AppError(
      'import_parser_not_detected',
      'No parser recognizes this header; choose one or map the columns, then re-extract',
      422,
    )
  }
  return { key: detected.key, version: detected.version, columnMap: null, confidence: detected.confidence, reasons: detected.reasons }
}
