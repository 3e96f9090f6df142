import type { AppLoadContext } from '@remix-run/node'
import { z } from 'zod'
import 'zod-openapi'
import { defineOperation } from '~/utils/api/operation.server'
import type { Uploader } from '~/utils/upload-auth.server'
import { UPLOAD_CHUNK_MAX_BYTES } from '~/utils/upload-storage.server'

/**
 * The tus upload endpoints (https://tus.io/protocols/resumable-upload,
 * docs/decisions/022): a binary protocol spoken in headers, so the bodies
 * are raw and `@tus/server` answers; the framework authenticates (an API key
 * with `imports:write`, or the app's own pages with a session cookie), checks
 * the declared headers and puts every error in the API's shape.
 */

const CHUNK = UPLOAD_CHUNK_MAX_BYTES.toLocaleString('en-US')
const SESSION_ERRORS = {
  cross_site_request: 'a session-cookie request from another site',
  forbidden: 'the signed-in user may not import lead files',
} as const

const UPLOAD_NOT_FOUND = { upload_not_found: 'no such upload in the organization (another organization’s answers the same)' } as const
const UPLOAD_EXPIRED = { upload_expired: 'the upload expired and its bytes are gone' } as const

// Loaded when called: the declarations stay free of the database, so the document builds without one.
const auth = {
  scope: 'imports:write',
  session: async (request: Request, context: AppLoadContext): Promise<Uploader> =>
    (await import('~/utils/upload-auth.server')).requireSessionUploader(request, context),
} as const

const uploadId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/)
  .meta({ description: 'The upload id: the last segment of the `Location` the creation answered.', example: '2d1f0b6c8e4a4f3b9c7d5e1a0b2c4d6e' })
const params = z.object({ id: uploadId })

const tusResumable = z.string().meta({ description: 'The tus protocol version: `1.0.0`.', example: '1.0.0' })
const byteCount = z.string().regex(/^\d+$/, 'A whole number of bytes.')

const tusResumableHeader = { description: 'The tus protocol version, `1.0.0`.', schema: z.literal('1.0.0'), required: true }
const integerHeader = (description: string, required = true) => ({ description, schema: z.int().min(0), required })

const PreviousImportSchema = z
  .object({
    importFileId: z.uuid(),
    filename: z.string(),
    status: z.string().meta({ description: 'That import’s status.' }),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'PreviousImport', description: 'The organization’s latest import of a file with the same SHA-256: offer to run it again (`rerunOf`).' })

export const UploadSchema = z
  .object({
    id: uploadId,
    filename: z.string(),
    byteSize: z.int().min(0).meta({ description: 'The declared `Upload-Length`.' }),
    receivedBytes: z.int().min(0).meta({ description: 'Bytes stored so far.' }),
    status: z.enum(['uploading', 'complete', 'expired']),
    sha256: z.string().nullable().meta({ description: 'SHA-256 of the complete file, hex; null until every byte is there.' }),
    createdAt: z.iso.datetime(),
    completedAt: z.iso.datetime().nullable(),
    expiresAt: z.iso.datetime().meta({ description: 'An upload still incomplete then is deleted.' }),
    previousImport: PreviousImportSchema.nullable(),
  })
  .meta({ id: 'Upload' })

const capabilities = {
  204: {
    description: 'What the server supports.',
    headers: {
      'Tus-Version': { description: 'The protocol versions: `1.0.0`.', schema: z.string(), required: true },
      'Tus-Extension': {
        description: '`creation`, `creation-with-upload`, `termination`, `expiration` (a deferred length is refused at creation).',
        schema: z.string(),
        required: true,
      },
      'Tus-Max-Size': integerHeader('The largest `Upload-Length` accepted (UPLOAD_MAX_BYTES, 2 GB by default).'),
    },
  },
}

export const uploadCapabilities = defineOperation({
  operationId: 'uploadCapabilities',
  method: 'OPTIONS',
  path: '/api/v1/uploads',
  summary: 'What the upload server supports (tus)',
  description: 'Versions, extensions and the largest file accepted. No key needed; tus clients ask it by themselves.',
  tag: 'Uploads',
  auth: 'public',
  responses: capabilities,
})

export const uploadCapabilitiesForUpload = defineOperation({
  ...uploadCapabilities,
  operationId: 'uploadCapabilitiesForUpload',
  path: '/api/v1/uploads/{id}',
  params,
})

export const createUpload = defineOperation({
  operationId: 'createUpload',
  method: 'POST',
  path: '/api/v1/uploads',
  summary: 'Start a resumable upload (tus)',
  description:
    'Creates an upload of `Upload-Length` bytes for the key’s organization; the answer’s `Location` is the upload. Send the bytes with ' +
    `\`PATCH\` to it, in chunks of at most ${CHUNK} bytes (4 MB), each with its \`Content-Length\`; after a dropped connection, \`HEAD\` it ` +
    'and go on from `Upload-Offset`. Any tus 1.0 client does all this (e.g. `tus-js-client` with `chunkSize: 4194304`). ' +
    'A creation may carry the first chunk (`Content-Type: application/offset+octet-stream`). Incomplete uploads expire after 24 hours. ' +
    'Once complete, `GET` the upload for its SHA-256, then `POST /api/v1/imports` with its id.',
  tag: 'Uploads',
  auth,
  headers: z.object({
    'Tus-Resumable': tusResumable,
    'Upload-Length': byteCount.meta({ description: 'The file’s size in bytes, at most UPLOAD_MAX_BYTES (2 GB by default). Deferred lengths are not supported.', example: '52428800' }),
    'Upload-Metadata': z
      .string()
      .optional()
      .meta({ description: 'Comma-separated `key base64(value)` pairs; `filename` names the file.', example: 'filename b3duZXJzLmNzdg==' }),
  }),
  idempotency: { exempt: 'tus clients resume an upload by its URL (HEAD, then PATCH from Upload-Offset), not by replaying its creation.' },
  responses: {
    201: {
      description: 'Created.',
      headers: {
        Location: { description: 'The upload: `/api/v1/uploads/{id}`, relative.', schema: z.string(), required: true },
        'Tus-Resumable': tusResumableHeader,
        'Upload-Offset': integerHeader('Bytes stored, when the creation carried a chunk.', false),
      },
    },
  },
  errors: {
    400: { invalid_upload_request: 'malformed tus headers or metadata' },
    403: SESSION_ERRORS,
    411: { length_required: 'a creation carrying data without `Content-Length`' },
    413: {
      upload_too_large: '`Upload-Length` is over the largest size accepted',
      chunk_too_large: `a creation carrying more than ${CHUNK} bytes (\`details.maxChunkBytes\`)`,
    },
  },
})

export const getUploadOffset = defineOperation({
  operationId: 'getUploadOffset',
  method: 'HEAD',
  path: '/api/v1/uploads/{id}',
  summary: 'How much of an upload the server holds (tus)',
  description:
    'Resume with a `PATCH` at `Upload-Offset`. If every byte is there but the hash was never taken (the server stopped right after the last chunk), it is taken now.',
  tag: 'Uploads',
  auth,
  params,
  headers: z.object({ 'Tus-Resumable': tusResumable }),
  responses: {
    200: {
      description: 'The offset to resume from.',
      headers: {
        'Upload-Offset': integerHeader('Bytes stored.'),
        'Upload-Length': integerHeader('The declared size.'),
        'Tus-Resumable': tusResumableHeader,
      },
    },
  },
  errors: {
    400: { invalid_upload_request: 'malformed tus headers (e.g. a `Tus-Resumable` other than `1.0.0`)' },
    403: SESSION_ERRORS,
    404: UPLOAD_NOT_FOUND,
    410: UPLOAD_EXPIRED,
  },
})

export const uploadChunk = defineOperation({
  operationId: 'uploadChunk',
  method: 'PATCH',
  path: '/api/v1/uploads/{id}',
  summary: 'Send the next chunk (tus)',
  description:
    `Appends the body at \`Upload-Offset\`. Each chunk carries a \`Content-Length\` of at most ${CHUNK} bytes (4 MB). A chunk cut off ` +
    'midway keeps what arrived: `HEAD`, then go on from its offset. With the last byte the file’s SHA-256 is taken (`GET` the upload for it).',
  tag: 'Uploads',
  auth,
  params,
  headers: z.object({
    'Tus-Resumable': tusResumable,
    'Upload-Offset': byteCount.meta({ description: 'Where this chunk starts: the server’s offset.', example: '0' }),
  }),
  body: { raw: { contentType: 'application/offset+octet-stream', description: `The chunk's bytes, at most ${CHUNK}, with their Content-Length.` } },
  responses: {
    204: {
      description: 'Stored.',
      headers: {
        'Upload-Offset': integerHeader('The new offset.'),
        'Upload-Expires': { description: 'When an incomplete upload is deleted (an HTTP date).', schema: z.string(), required: false },
        'Tus-Resumable': tusResumableHeader,
      },
    },
  },
  errors: {
    400: { invalid_upload_request: 'malformed tus headers' },
    403: { ...SESSION_ERRORS, invalid_upload_request: 'a tus header the chunk needs is missing' },
    404: UPLOAD_NOT_FOUND,
    409: { upload_offset_mismatch: '`Upload-Offset` is not the server’s offset: `HEAD` and resume from there' },
    410: UPLOAD_EXPIRED,
    411: { length_required: 'no `Content-Length`' },
    413: {
      chunk_too_large: `the chunk is over ${CHUNK} bytes (\`details.maxChunkBytes\`)`,
      upload_too_large: 'the chunk runs past `Upload-Length`',
    },
  },
})

export const cancelUpload = defineOperation({
  operationId: 'cancelUpload',
  method: 'DELETE',
  path: '/api/v1/uploads/{id}',
  summary: 'Cancel an unfinished upload (tus)',
  description: 'Deletes its bytes and its record. A complete upload cannot be deleted: it may be an import’s source.',
  tag: 'Uploads',
  auth,
  params,
  headers: z.object({ 'Tus-Resumable': tusResumable }),
  responses: { 204: { description: 'Deleted.', headers: { 'Tus-Resumable': tusResumableHeader } } },
  errors: {
    400: { upload_complete: 'the upload is complete', invalid_upload_request: 'malformed tus headers' },
    403: SESSION_ERRORS,
    404: UPLOAD_NOT_FOUND,
    410: UPLOAD_EXPIRED,
  },
})

export const getUpload = defineOperation({
  operationId: 'getUpload',
  method: 'GET',
  path: '/api/v1/uploads/{id}',
  summary: 'An upload: progress, SHA-256, and an earlier import of the same file',
  description: 'A read only. `previousImport` is the organization’s latest import of a file with the same SHA-256: pass its id as `rerunOf` to run it again.',
  tag: 'Uploads',
  auth,
  params,
  responses: {
    200: {
      description: 'The upload.',
      body: z.object({ upload: UploadSchema }),
      example: {
        upload: {
          id: '2d1f0b6c8e4a4f3b9c7d5e1a0b2c4d6e',
          filename: 'owners.csv',
          byteSize: 52428800,
          receivedBytes: 52428800,
          status: 'complete',
          sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
          createdAt: '2026-11-29T12:00:00.000Z',
          completedAt: '2026-11-29T12:01:10.000Z',
          expiresAt: '2026-11-30T12:00:00.000Z',
          previousImport: null,
        },
      },
    },
  },
  errors: {
    403: SESSION_ERRORS,
    404: UPLOAD_NOT_FOUND,
  },
})
