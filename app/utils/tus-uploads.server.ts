import { MemoryLocker, Server, type Upload } from '@tus/server'
import { createUpload } from '~/modules/ingest/create-upload.server'
import { deleteUpload } from '~/modules/ingest/delete-upload.server'
import { finalizeUpload } from '~/modules/ingest/finalize-upload.server'
import { findUpload } from '~/modules/ingest/find-upload.server'
import { apiError } from './api-response.server'
import { appErrorJson } from './app-error-response.server'
import { isAppError } from './app-error'
import { getEnv } from './env.server'
import { logger } from './logger.server'
import { rateLimitHeaders } from './rate-limit.server'
import type { Uploader } from './upload-auth.server'
import { UPLOAD_CHUNK_MAX_BYTES, UPLOAD_EXPIRY_MS, uploadDataStore, uploadStorage } from './upload-storage.server'

export const UPLOADS_PATH = '/api/v1/uploads'
const TUS_VERSION = '1.0.0'

// Serializes requests on one upload within this process (a retried PATCH
// waits for, and cancels, the stale one). See docs/decisions/022 on several instances.
const locker = new MemoryLocker()

/** A thrown value tus turns into its error response. */
function tusError(status_code: number, message: string) {
  return { status_code, body: `${message}\n` }
}

function withTusHeader(response: Response): Response {
  response.headers.set('Tus-Resumable', TUS_VERSION)
  return response
}

async function tusServer(uploader: Uploader | null) {
  const storage = uploadStorage()
  return new Server({
    path: UPLOADS_PATH,
    datastore: await uploadDataStore(),
    locker,
    maxSize: getEnv().UPLOAD_MAX_BYTES,
    // Behind a TLS proxy the request's own scheme may be http; a relative Location is right on every host.
    relativeLocation: true,
    // Same origin only: the app's pages and server-side API clients; no browser on another site.
    allowedOrigins: () => false,
    // A complete file may already be an import's source.
    disableTerminationForFinishedUploads: true,
    async onUploadCreate(_request, upload: Upload) {
      if (!uploader) throw tusError(401, 'Not authenticated')
      try {
        await createUpload({
          id: upload.id,
          organizationId: uploader.organizationId,
          actor: uploader.actor,
          filename: upload.metadata?.filename,
          byteSize: upload.size,
          storage: storage.kind,
          storageKey: upload.id,
          expiresAt: new Date(Date.now() + UPLOAD_EXPIRY_MS),
        })
      } catch (error) {
        if (isAppError(error)) throw tusError(error.status, error.message)
        throw error
      }
      return {}
    },
    async onUploadFinish(_request, upload: Upload) {
      if (uploader) await finalizeQuietly(upload.id, uploader)
      return {}
    },
  })
}

// The bytes are safe in the store whatever happens here; a failed hash is taken again on the next HEAD or by the sweep job.
async function finalizeQuietly(uploadId: string, uploader: Uploader) {
  try {
    await finalizeUpload({ uploadId, actor: uploader.actor })
  } catch (error) {
    logger.error('Could not complete an upload; the next HEAD or the sweep job will', { uploadId, err: error })
  }
}

/** A body the server would have to accept in one piece: PATCH, or a creation that carries data. */
function carriesChunk(request: Request) {
  return request.method === 'PATCH' || (request.method === 'POST' && request.headers.get('content-type') === 'application/offset+octet-stream')
}

/** Chunks are at most 4 MB and say how long they are, so no request ever holds more than that. */
function chunkRefusal(request: Request): Response | null {
  if (!carriesChunk(request)) return null
  const length = request.headers.get('content-length')
  if (length === null) {
    return apiError(411, 'length_required', `Send each chunk with a Content-Length (at most ${UPLOAD_CHUNK_MAX_BYTES} bytes).`)
  }
  if (Number(length) > UPLOAD_CHUNK_MAX_BYTES) {
    return apiError(413, 'chunk_too_large', `A chunk may be at most ${UPLOAD_CHUNK_MAX_BYTES} bytes; send the file in smaller PATCH requests.`, {
      details: { maxChunkBytes: UPLOAD_CHUNK_MAX_BYTES },
    })
  }
  return null
}

/**
 * Answers one tus request (creation, HEAD, PATCH, DELETE, OPTIONS) with
 * `@tus/server`'s Web handler over the configured store. `uploader` is null
 * only for OPTIONS (capability discovery). With an `uploadId`, the upload
 * must be the uploader's organization's: any other id is the same 404.
 */
export async function handleTusRequest({ request, uploader, uploadId }: { request: Request; uploader: Uploader | null; uploadId?: string }): Promise<Response> {
  if (!uploader && request.method !== 'OPTIONS') throw new Error('Only OPTIONS is answered without an uploader')
  const response = await inApiErrorShape(await respond(request, uploader, uploadId))
  if (uploader?.rateLimit) {
    for (const [name, value] of Object.entries(rateLimitHeaders(uploader.rateLimit))) response.headers.set(name, value)
  }
  return request.method === 'OPTIONS' ? response : withTusHeader(response)
}

/** The API's code for a plain-text error tus answered, by its status. */
function tusErrorCode(status: number, message: string): string {
  if (status === 400 && /completed upload/i.test(message)) return 'upload_complete'
  const codes: Record<number, string> = {
    400: 'invalid_upload_request',
    403: 'invalid_upload_request',
    404: 'upload_not_found',
    409: 'upload_offset_mismatch',
    410: 'upload_expired',
    413: 'upload_too_large',
    415: 'unsupported_media_type',
  }
  return codes[status] ?? (status >= 500 ? 'internal_error' : 'invalid_upload_request')
}

/** tus answers its errors in plain text; the API answers every error in its one JSON shape, with the same status and headers. */
async function inApiErrorShape(response: Response): Promise<Response> {
  if (response.status < 400 || /^application\/json/.test(response.headers.get('content-type') ?? '')) return response
  const message = (await response.text()).trim() || response.statusText || 'The upload request failed.'
  const headers = new Headers(response.headers)
  headers.delete('content-type')
  headers.delete('content-length')
  return apiError(response.status, tusErrorCode(response.status, message), message, { headers })
}

async function respond(request: Request, uploader: Uploader | null, uploadId: string | undefined): Promise<Response> {
  if (uploader && uploadId !== undefined) {
    try {
      await findUpload({ organizationId: uploader.organizationId, uploadId })
    } catch (error) {
      return appErrorJson(error)
    }
  }
  const refusal = chunkRefusal(request)
  if (refusal) return refusal

  const response = await (await tusServer(uploader)).handleWeb(request)

  if (uploader && uploadId !== undefined) {
    if (request.method === 'DELETE' && response.status === 204) {
      await deleteUpload({ organizationId: uploader.organizationId, uploadId, actor: uploader.actor })
    }
    // The last PATCH may have landed without its hash (the process died): take it now.
    const offset = response.headers.get('upload-offset')
    if (request.method === 'HEAD' && response.status === 200 && offset !== null && offset === response.headers.get('upload-length')) {
      await finalizeQuietly(uploadId, uploader)
    }
  }
  return response
}
