/** Reads a whole stream as text, also counting the chunks it arrived in. */
export async function readStream(stream: ReadableStream<Uint8Array>) {
  const decoder = new TextDecoder()
  let text = ''
  let chunks = 0
  const reader = stream.getReader()
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    chunks++
    text += decoder.decode(next.value, { stream: true })
  }
  return { text: text + decoder.decode(), chunks }
}

/** A strict RFC 4180 reader (CRLF records, quoted fields), to check what we write. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = []
  let record: string[] = []
  let field = ''
  let i = 0
  while (i < text.length) {
    const char = text[i]!
    if (char === '"' && field === '') {
      i++
      while (true) {
        if (i >= text.length) throw new Error('unterminated quoted field')
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"'
            i += 2
            continue
          }
          i++
          break
        }
        field += text[i]
        i++
      }
      if (text[i] !== ',' && !text.startsWith('\r\n', i) && i < text.length) throw new Error(`junk after quoted field at ${i}`)
      continue
    }
    if (char === ',') {
      record.push(field)
      field = ''
      i++
    } else if (text.startsWith('\r\n', i)) {
      record.push(field)
      records.push(record)
      record = []
      field = ''
      i += 2
    } else {
      if (char === '\n' || char === '\r' || char === '"') throw new Error(`bare ${JSON.stringify(char)} in an unquoted field at ${i}`)
      field += char
      i++
    }
  }
  if (field !== '' || record.length) throw new Error('the last record does not end with CRLF')
  return records
}
