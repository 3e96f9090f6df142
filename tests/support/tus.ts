import { action as collectionAction, loader as collectionLoader } from '~/routes/api.v1.uploads'
import { action as uploadAction, loader as uploadLoader } from '~/routes/api.v1.uploads.$id'

/**
 * Calls the tus routes the way Remix does (GET, HEAD, OPTIONS to the loader,
 * the rest to the action), with real Web Requests: bodies are streams.
 */
export type TusCall = {
  method: 'POST' | 'HEAD' | 'PATCH' | 'DELETE' | 'OPTIONS' | 'GET'
  /** The upload id; omitted, the collection (/api/v1/uploads). */
  id?: string
  headers?: Record<string, string>
  body?: Uint8Array | ReadableStream<Uint8Array>
  /** `Authorization: Bearer <key>`. */
  key?: string
  /** A session `Cookie` header value (a same-origin browser request). */
  cookie?: string
}

export async function tus(call: TusCall): Promise<Response> {
  const url = `http://localhost:3000/api/v1/uploads${call.id ? `/${call.id}` : ''}`
  const headers = new Headers({
    'Tus-Resumable': '1.0.0',
    ...(call.key ? { authorization: `Bearer ${call.key}` } : {}),
    ...(call.cookie ? { cookie: call.cookie, origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' } : {}),
    ...call.headers,
  })
  if (call.body instanceof Uint8Array && !headers.has('content-length')) headers.set('content-length', String(call.body.byteLength))
  const request = new Request(url, {
    method: call.method,
    headers,
    ...(call.body ? { body: call.body, duplex: 'half' } : {}),
  } as RequestInit)
  const args = { request, params: call.id ? { id: call.id } : {}, context: {} }
  const isLoader = call.method === 'GET' || call.method === 'HEAD' || call.method === 'OPTIONS'
  const handler = call.id ? (isLoader ? uploadLoader : uploadAction) : isLoader ? collectionLoader : collectionAction
  try {
    return await handler(args)
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

/** `Upload-Metadata` as tus clients send it. */
export function uploadMetadata(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, value]) => `${name} ${Buffer.from(value).toString('base64')}`)
    .join(',')
}

/** Creates an upload of `size` bytes; returns its id (the last segment of Location). */
export async function createTusUpload(options: { size: number; filename?: string; key?: string; cookie?: string }): Promise<string> {
  const response = await tus({
    method: 'POST',
    key: options.key,
    cookie: options.cookie,
    headers: { 'Upload-Length': String(options.size), 'Upload-Metadata': uploadMetadata({ filename: options.filename ?? 'leads.csv' }) },
  })
  if (response.status !== 201) throw new Error(`Creating the upload answered ${response.status}: ${await response.text()}`)
  return response.headers.get('location')!.split('/').pop()!
}

/** PATCHes `chunk` at `offset`; returns the response. */
export function patchChunk(options: { id: string; offset: number; chunk: Uint8Array | ReadableStream<Uint8Array>; length?: number; key?: string; cookie?: string }) {
  return tus({
    method: 'PATCH',
    id: options.id,
    key: options.key,
    cookie: options.cookie,
    headers: {
      'Upload-Offset': String(options.offset),
      'Content-Type': 'application/offset+octet-stream',
      ...(options.length !== undefined ? { 'Content-Length': String(options.length) } : {}),
    },
    body: options.chunk,
  })
}

/** A body that sends `bytes` and then fails, as a connection cut mid-chunk does. */
export function interruptedBody(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let sent = false
  return new ReadableStream({
    pull(controller) {
      if (!sent) {
        sent = true
        controller.enqueue(bytes)
        return
      }
      controller.error(new Error('connection reset'))
    },
  })
}
