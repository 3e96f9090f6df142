import { callApi } from './api-client'

/**
 * Calls the tus routes through the contract-checking client
 * (tests/support/api-client.ts): every answer is validated against the
 * OpenAPI document before the test sees it. Bodies are streams.
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

/** The answer as a Response (already checked against the document), for tests that read it as one. */
export async function tus(call: TusCall): Promise<Response> {
  const headers: Record<string, string> = {
    'Tus-Resumable': '1.0.0',
    ...(call.cookie ? { cookie: call.cookie, origin: 'http://localhost', 'sec-fetch-site': 'same-origin' } : {}),
    ...call.headers,
  }
  if (call.body instanceof Uint8Array && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-length')) {
    headers['content-length'] = String(call.body.byteLength)
  }
  const answer = await callApi({
    method: call.method,
    path: `/api/v1/uploads${call.id ? `/${call.id}` : ''}`,
    key: call.key,
    headers,
    body: call.body as BodyInit | undefined,
  })
  return new Response(answer.text === '' ? null : answer.text, { status: answer.status, headers: answer.headers })
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
