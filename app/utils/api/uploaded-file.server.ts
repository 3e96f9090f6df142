import { createReadStream } from 'node:fs'
import type { Readable } from 'node:stream'
import { z } from 'zod'
import 'zod-openapi'

/**
 * A file part of a multipart request, already on disk: the framework streams
 * it to a temporary file while hashing it, so no upload is ever held in
 * memory. The file is deleted once the operation has answered: a handler
 * that keeps it copies it (or streams it) somewhere first.
 */
export class UploadedFile {
  constructor(
    readonly filename: string,
    readonly contentType: string,
    readonly size: number,
    /** SHA-256 of the bytes, hex. */
    readonly sha256: string,
    /** Where the bytes are while the request lasts. */
    readonly path: string,
  ) {}

  stream(options: { start?: number } = {}): Readable {
    return createReadStream(this.path, options)
  }
}

/**
 * A file field of a multipart body: in the OpenAPI document a binary string
 * (of `mediaTypes`, when given). The size limit is the operation's
 * `maxFileBytes`, applied while the file streams in.
 */
export function apiFile(options: { description: string; mediaTypes?: readonly string[] }) {
  const accepted = options.mediaTypes?.map((type) => type.toLowerCase())
  return z
    .custom<UploadedFile>((value) => value instanceof UploadedFile, { message: 'Attach a file here.' })
    .meta({
      description: options.description,
      type: 'string',
      format: 'binary',
      ...(accepted?.length === 1 ? { contentMediaType: accepted[0] } : {}),
    })
    .refine((file) => !accepted || accepted.includes(file.contentType.split(';')[0]!.trim().toLowerCase()), {
      message: `The file must be ${accepted?.join(' or ')}.`,
    })
}
