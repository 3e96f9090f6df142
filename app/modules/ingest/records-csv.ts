import Papa from 'papaparse'

/** A pushed record: column name → cell. */
export type ApiRecord = Record<string, string | number | boolean | null>

/**
 * Records as one UTF-8 CSV file, so LAND reads them like any uploaded file:
 * the header is every key in the order first seen, a missing or null cell is
 * empty, numbers and booleans are written as JSON writes them.
 */
export function recordsToCsv(records: readonly ApiRecord[]): string {
  const header: string[] = []
  const seen = new Set<string>()
  for (const record of records) {
    for (const key of Object.keys(record)) {
      if (!seen.has(key)) {
        seen.add(key)
        header.push(key)
      }
    }
  }
  const rows = records.map((record) => header.map((key) => (record[key] === null || record[key] === undefined ? '' : String(record[key]))))
  return `${Papa.unparse({ fields: header, data: rows }, { newline: '\n', quotes: false })}\n`
}
