/**
 * The tus upload endpoints as OpenAPI 3.1 path items, for the API's spec
 * (/api/v1/openapi.json). tus is a binary protocol spoken in headers, so
 * these are written out by hand rather than derived from Zod request
 * schemas; only GET's JSON body has a schema. `uploads-openapi.integration.test.ts`
 * keeps them in step with the methods the routes answer.
 */

const MAX_CHUNK = '4194304'

const header = (description: string, schema: Record<string, unknown> = { type: 'string' }) => ({ description, schema })
const param = (name: string, description: string, schema: Record<string, unknown> = { type: 'string' }, required = true) => ({
  name,
  in: 'header' as const,
  required,
  description,
  schema,
})

const tusResumable = param('Tus-Resumable', 'The tus protocol version; always 1.0.0.', { type: 'string', const: '1.0.0' })
const tusResumableHeader = { 'Tus-Resumable': header('1.0.0') }
const rateLimitHeaders = {
  'RateLimit-Limit': header('Requests allowed in the window (API keys only).', { type: 'integer' }),
  'RateLimit-Remaining': header('Requests left in the window (API keys only).', { type: 'integer' }),
  'RateLimit-Reset': header('Seconds until the window ends (API keys only).', { type: 'integer' }),
}
const uploadId = { name: 'id', in: 'path' as const, required: true, description: 'The upload id (the last segment of the creation Location).', schema: { type: 'string' } }

const errorBody = {
  'application/json': {
    schema: {
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message'],
          properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' }, requestId: { type: 'string' } },
        },
      },
    },
  },
}
const errors = {
  '401': { description: 'No API key or session (`missing_api_key`), or a key that is not accepted.', content: errorBody },
  '403': { description: 'The key lacks `imports:write` (`insufficient_scope`), the user may not import (`forbidden`), or a cookie request from another site (`cross_site_request`).', content: errorBody },
  '404': { description: 'No such upload in the caller\'s organization (`upload_not_found`); another organization\'s upload answers the same.', content: errorBody },
  '429': { description: 'The key\'s rate limit is used up (`rate_limited`).', content: errorBody },
}

export const uploadSummarySchema = {
  type: 'object',
  required: ['id', 'filename', 'byteSize', 'receivedBytes', 'status', 'sha256', 'createdAt', 'completedAt', 'expiresAt', 'previousImport'],
  properties: {
    id: { type: 'string' },
    filename: { type: 'string' },
    byteSize: { type: 'integer', description: 'The declared Upload-Length.' },
    receivedBytes: { type: 'integer', description: 'Bytes stored so far.' },
    status: { type: 'string', enum: ['uploading', 'complete', 'expired'] },
    sha256: { type: ['string', 'null'], description: 'SHA-256 of the complete file, hex.' },
    createdAt: { type: 'string', format: 'date-time' },
    completedAt: { type: ['string', 'null'], format: 'date-time' },
    expiresAt: { type: 'string', format: 'date-time', description: 'An upload still incomplete then is deleted.' },
    previousImport: {
      description: "The organization's latest import of a file with the same SHA-256: offer to run it again.",
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['importFileId', 'filename', 'status', 'createdAt'],
          properties: { importFileId: { type: 'string', format: 'uuid' }, filename: { type: 'string' }, status: { type: 'string' }, createdAt: { type: 'string', format: 'date-time' } },
        },
      ],
    },
  },
} as const

const options = {
  summary: 'tus capabilities',
  description: 'Versions, extensions and the largest file accepted. No key needed.',
  security: [],
  responses: {
    '204': {
      description: 'What the server supports.',
      headers: {
        'Tus-Version': header('1.0.0'),
        'Tus-Extension': header('creation,creation-with-upload,termination,expiration (and creation-defer-length, refused at creation).'),
        'Tus-Max-Size': header('The largest Upload-Length accepted (UPLOAD_MAX_BYTES, 2 GB by default).', { type: 'integer' }),
      },
    },
  },
}

export const uploadsOpenApi = {
  '/api/v1/uploads': {
    post: {
      operationId: 'createUpload',
      summary: 'Start a resumable (tus) upload',
      description:
        'Creates an upload of `Upload-Length` bytes for the caller\'s organization (API key with `imports:write`, or a signed-in user who may import). Send the bytes with PATCH to the returned Location, in chunks of at most 4 MB. Incomplete uploads expire after 24 hours.',
      tags: ['Uploads'],
      parameters: [
        tusResumable,
        param('Upload-Length', 'The file\'s size in bytes (at most UPLOAD_MAX_BYTES). Deferred lengths are refused.', { type: 'integer', minimum: 0 }),
        param('Upload-Metadata', 'Comma-separated `key base64(value)` pairs; `filename` names the file.', { type: 'string' }, false),
      ],
      responses: {
        '201': {
          description: 'Created.',
          headers: { Location: header('/api/v1/uploads/{id}, relative.'), ...tusResumableHeader, ...rateLimitHeaders },
        },
        '400': { description: 'No Upload-Length (deferred lengths are not supported), or malformed tus headers.' },
        ...errors,
        '412': { description: 'Tus-Resumable missing or not 1.0.0.' },
        '413': { description: 'Upload-Length is over the maximum size.' },
      },
    },
    options: { ...options, operationId: 'uploadCapabilities', tags: ['Uploads'] },
  },
  '/api/v1/uploads/{id}': {
    parameters: [uploadId],
    head: {
      operationId: 'getUploadOffset',
      summary: 'How much of the upload the server holds',
      description: 'Resume with a PATCH at `Upload-Offset`. If every byte is there but the hash was never taken (the server stopped right after the last PATCH), it is taken now.',
      tags: ['Uploads'],
      parameters: [tusResumable],
      responses: {
        '200': {
          description: 'The offset to resume from.',
          headers: { 'Upload-Offset': header('Bytes stored.', { type: 'integer' }), 'Upload-Length': header('The declared size.', { type: 'integer' }), 'Cache-Control': header('no-store'), ...tusResumableHeader, ...rateLimitHeaders },
        },
        ...errors,
        '410': { description: 'The upload expired.' },
      },
    },
    patch: {
      operationId: 'uploadChunk',
      summary: 'Send the next chunk',
      description: `Appends the body at \`Upload-Offset\`. Each chunk carries a Content-Length of at most ${MAX_CHUNK} bytes (4 MB). A chunk cut off midway keeps what arrived: HEAD, then go on from its offset.`,
      tags: ['Uploads'],
      parameters: [
        tusResumable,
        param('Upload-Offset', 'Where this chunk starts; must equal the server\'s offset.', { type: 'integer', minimum: 0 }),
        param('Content-Type', 'application/offset+octet-stream', { type: 'string', const: 'application/offset+octet-stream' }),
        param('Content-Length', `The chunk's length, at most ${MAX_CHUNK}.`, { type: 'integer', minimum: 0, maximum: Number(MAX_CHUNK) }),
      ],
      requestBody: { required: true, content: { 'application/offset+octet-stream': { schema: { type: 'string', format: 'binary' } } } },
      responses: {
        '204': {
          description: 'Stored. On the last chunk the file\'s SHA-256 has been taken (GET the upload for it).',
          headers: { 'Upload-Offset': header('The new offset.', { type: 'integer' }), 'Upload-Expires': header('When an incomplete upload is deleted (RFC 7231 date).'), ...tusResumableHeader, ...rateLimitHeaders },
        },
        '400': { description: 'Malformed tus headers.' },
        ...errors,
        '409': { description: 'Upload-Offset differs from the server\'s offset: HEAD and resume from there.' },
        '410': { description: 'The upload expired.' },
        '411': { description: 'No Content-Length (`length_required`).', content: errorBody },
        '413': { description: 'The chunk is over 4 MB (`chunk_too_large`), or runs past Upload-Length.', content: errorBody },
        '415': { description: 'Content-Type is not application/offset+octet-stream.' },
      },
    },
    delete: {
      operationId: 'cancelUpload',
      summary: 'Cancel an unfinished upload',
      description: 'Deletes its bytes and its record. A complete upload cannot be deleted (it may be an import\'s source).',
      tags: ['Uploads'],
      parameters: [tusResumable],
      responses: { '204': { description: 'Deleted.', headers: { ...tusResumableHeader, ...rateLimitHeaders } }, '400': { description: 'The upload is complete.' }, ...errors },
    },
    get: {
      operationId: 'getUpload',
      summary: 'An upload: progress, SHA-256, and an earlier import of the same file',
      tags: ['Uploads'],
      responses: {
        '200': {
          description: 'The upload.',
          headers: rateLimitHeaders,
          content: { 'application/json': { schema: { type: 'object', required: ['upload'], properties: { upload: uploadSummarySchema } } } },
        },
        ...errors,
      },
    },
    options: { ...options, operationId: 'uploadCapabilitiesForUpload', tags: ['Uploads'] },
  },
} as const
