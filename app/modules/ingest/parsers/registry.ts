import { contactExportParser } from './contact-export'
import { genericCsvParser } from './generic-csv'
import { phoneListParser } from './phone-list'
import { propertyExportParser } from './property-export'
import type { Detection, Parser } from './types'

/**
 * Every parser, every version we still run (an import records the key and
 * version it was extracted with; re-extraction may pick a newer one).
 */
export const PARSERS: readonly Parser[] = [propertyExportParser, contactExportParser, phoneListParser, genericCsvParser]

/** Below this, auto-detection does not pick a parser: the operator chooses one or maps the columns. */
export const DETECTION_THRESHOLD = 0.5

export function findParser(key: string, version?: number | null): Parser | undefined {
  const candidates = PARSERS.filter((p) => p.key === key && (version == null || p.version === version))
  return candidates.sort((a, b) => b.version - a.version)[0]
}

export type RankedParser = Detection & { key: string; version: number; label: string }

/** Every parser's detection for a header, best first (the newest version of each key). */
export function rankParsers(header: readonly string[]): RankedParser[] {
  const newest = new Map<string, Parser>()
  for (const parser of PARSERS) {
    if ((newest.get(parser.key)?.version ?? 0) < parser.version) newest.set(parser.key, parser)
  }
  return [...newest.values()]
    .map((p) => ({ key: p.key, version: p.version, label: p.label, ...p.detect(header) }))
    .sort((a, b) => b.confidence - a.confidence)
}

/** The parser auto-detection picks, or null when none reaches the threshold. */
export function detectParser(header: readonly string[]): RankedParser | null {
  const best = rankParsers(header)[0]
  return best && best.confidence >= DETECTION_THRESHOLD ? best : null
}
