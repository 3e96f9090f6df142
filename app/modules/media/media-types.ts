/**
 * What an MMS template may carry (docs/decisions/048): one image, JPEG, PNG
 * or GIF — the types every US carrier delivers and Twilio resizes to fit the
 * handset's carrier — known by its first bytes, never by its name or the
 * Content-Type it came with. Browser-safe: the editor checks a chosen file
 * with the same rules before it is sent.
 */

export const MEDIA_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/gif'] as const
export type MediaContentType = (typeof MEDIA_CONTENT_TYPES)[number]

/**
 * Twilio takes at most 5 MB of media per message. Five million bytes, not
 * 5 MiB: whichever megabyte Twilio means, a file under this fits.
 */
export const MEDIA_MAX_BYTES = 5_000_000

/** The signatures, as their specifications give them. */
const SIGNATURES: { type: MediaContentType; bytes: readonly (readonly number[])[] }[] = [
  // JPEG: SOI (FF D8) followed by the first marker's FF.
  { type: 'image/jpeg', bytes: [[0xff, 0xd8, 0xff]] },
  // PNG: \x89 P N G \r \n \x1a \n.
  { type: 'image/png', bytes: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]] },
  // GIF87a or GIF89a.
  {
    type: 'image/gif',
    bytes: [
      [0x47, 0x49, 0x46, 0x38, 0x37, 0x61],
      [0x47, 0x49, 0x46, 0x38, 0x39, 0x61],
    ],
  },
]

/** The longest signature: how many first bytes `sniffImageType` needs. */
export const SNIFF_BYTES = 8

/** The image type the bytes start with, or null when they are none of JPEG, PNG and GIF. */
export function sniffImageType(head: Uint8Array): MediaContentType | null {
  for (const signature of SIGNATURES) {
    if (signature.bytes.some((bytes) => bytes.length <= head.length && bytes.every((byte, i) => head[i] === byte))) return signature.type
  }
  return null
}

/** A byte count as people read it: 1.2 MB, 340 KB. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`
  if (bytes >= 1_000) return `${Math.round(bytes / 1_000)} KB`
  return `${bytes} bytes`
}
