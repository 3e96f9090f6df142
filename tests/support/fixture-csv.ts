import { readFileSync } from 'node:fs'

/** A small CSV reader for fixtures (quoted fields, doubled quotes, LF or CRLF). */
export function readCsv(text: string): string[][] {
  const records: string[][] = []
  let record: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (char === '"') quoted = false
      else field += char
    } else if (char === '"') quoted = true
    else if (char === ',') {
      record.push(field)
      field = ''
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++
      record.push(field)
      records.push(record)
      record = []
      field = ''
    } else field += char
  }
  if (field || record.length) {
    record.push(field)
    records.push(record)
  }
  return records
}

export function fixtureCsv(name: string): { header: string[]; rows: string[][] } {
  const [header, ...rows] = readCsv(readFileSync(new URL(`../fixtures/ingest/${name}`, import.meta.url), 'utf8'))
  return { header: header!, rows }
}
