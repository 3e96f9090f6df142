/**
 * Decodes one window of a file's bytes and maps positions in the text back
 * to byte offsets, which is what LAND's cursor counts (docs/decisions/025).
 *
 * Windows-1252 is one byte per character (every byte maps to one character,
 * the five undefined ones to C1 controls, as WHATWG's decoder does). UTF-8 takes Buffer.byteLength of
 * the text before a position. A byte that is not valid UTF-8 in a UTF-8 file
 * (a file concatenated from exports in two encodings, typically) is read as
 * Windows-1252, which keeps it (no U+FFFD) and keeps the mapping exact; its
 * characters are reported in `foreign` so the row can say so.
 */
import { Buffer } from 'node:buffer'

export type DecodedWindow = {
  text: string
  /** Bytes the text covers: the whole window, less a character cut by its end when more bytes follow. */
  byteLength: number
  /** Byte offset, from the window's start, of the character at `charIndex` (0 ≤ charIndex ≤ text.length). */
  byteOffsetAt(charIndex: number): number
  /** Character ranges [start, end) of a UTF-8 window that were not UTF-8 and were read as Windows-1252. */
  foreign: ReadonlyArray<readonly [number, number]>
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

// Bytes 0x80–0x9F of Windows-1252 (WHATWG's index): Node's TextDecoder reads
// the label as Latin-1 and iconv-lite turns the five undefined bytes into
// U+FFFD, so we map them ourselves, keeping undefined bytes as C1 controls.
const CP1252_80_9F =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178'

export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
  return latin1.replace(/[\x80-\x9f]/g, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80]!)
}

export function decodeWindow(
  bytes: Uint8Array,
  encoding: 'utf-8' | 'windows-1252',
  { final }: { final: boolean },
): DecodedWindow {
  if (encoding === 'windows-1252') {
    const text = decodeWindows1252(bytes)
    return { text, byteLength: bytes.length, byteOffsetAt: (charIndex) => charIndex, foreign: [] }
  }
  const end = final ? bytes.length : completeUtf8End(bytes)
  const covered = bytes.subarray(0, end)
  let text: string | undefined
  try {
    text = strictUtf8.decode(covered)
  } catch {
    return decodeMixedUtf8(covered)
  }
  const whole = text
  return {
    text: whole,
    byteLength: end,
    byteOffsetAt: (charIndex) => (charIndex >= whole.length ? end : Buffer.byteLength(whole.slice(0, charIndex), 'utf8')),
    foreign: [],
  }
}

/** Where the last complete UTF-8 character ends: a sequence cut by the window's end waits for the next window. */
export function completeUtf8End(bytes: Uint8Array): number {
  const n = bytes.length
  for (let back = 1; back <= Math.min(4, n); back++) {
    const byte = bytes[n - back]!
    if ((byte & 0xc0) === 0x80) continue
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1
    return length > back ? n - back : n
  }
  return n
}

type Segment = { char: number; byte: number; foreign: boolean }

function decodeMixedUtf8(bytes: Uint8Array): DecodedWindow {
  const segments: Segment[] = []
  const parts: string[] = []
  const foreign: [number, number][] = []
  let chars = 0
  let i = 0
  while (i < bytes.length) {
    const invalidAt = firstInvalidUtf8(bytes, i)
    if (invalidAt > i) {
      const part = strictUtf8.decode(bytes.subarray(i, invalidAt))
      segments.push({ char: chars, byte: i, foreign: false })
      parts.push(part)
      chars += part.length
      i = invalidAt
    }
    if (i >= bytes.length) break
    let j = i + 1
    while (j < bytes.length && firstInvalidUtf8(bytes, j, j + 1) === j) j++
    const part = decodeWindows1252(bytes.subarray(i, j))
    segments.push({ char: chars, byte: i, foreign: true })
    foreign.push([chars, chars + part.length])
    parts.push(part)
    chars += part.length
    i = j
  }
  const text = parts.join('')
  const byteOffsetAt = (charIndex: number) => {
    if (charIndex >= text.length) return bytes.length
    let low = 0
    let high = segments.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if (segments[mid]!.char <= charIndex) low = mid
      else high = mid - 1
    }
    const segment = segments[low]!
    return segment.foreign
      ? segment.byte + (charIndex - segment.char)
      : segment.byte + Buffer.byteLength(text.slice(segment.char, charIndex), 'utf8')
  }
  return { text, byteLength: bytes.length, byteOffsetAt, foreign }
}

/**
 * Index of the first byte at or after `start` that does not begin a valid
 * UTF-8 sequence (RFC 3629: no overlongs, no surrogates, nothing past
 * U+10FFFF), looking at sequences that start before `stopBefore`.
 */
export function firstInvalidUtf8(bytes: Uint8Array, start: number, stopBefore = bytes.length): number {
  const n = bytes.length
  let i = start
  while (i < stopBefore) {
    const c = bytes[i]!
    if (c < 0x80) {
      i++
      continue
    }
    let need: number
    let low = 0x80
    let high = 0xbf
    if (c >= 0xc2 && c <= 0xdf) need = 1
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2
      if (c === 0xe0) low = 0xa0
      else if (c === 0xed) high = 0x9f
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3
      if (c === 0xf0) low = 0x90
      else if (c === 0xf4) high = 0x8f
    } else return i
    if (i + need >= n) return i
    const second = bytes[i + 1]!
    if (second < low || second > high) return i
    for (let k = 2; k <= need; k++) {
      const next = bytes[i + k]!
      if (next < 0x80 || next > 0xbf) return i
    }
    i += need + 1
  }
  return Math.min(i, stopBefore)
}
