import { randomBytes } from 'node:crypto'
import type { EsdClient } from '~/api/client'
import { defineScenario } from '../scenario'

/** A small CSV of two owners; a universe import of it makes leads. */
export const CSV = Buffer.from('Owner Name,Phone,Address,City,State,Zip\nDana Smith,5125550123,12 Oak St,Austin,TX,78701\nLee Jones,5125550188,9 Elm St,Austin,TX,78702\n')

const TUS = '1.0.0'
const metadata = (filename: string) => `filename ${Buffer.from(filename).toString('base64')}`
const raw = (bytes: Uint8Array) => bytes as unknown as string

/** Starts a tus upload of `size` bytes through the typed client; its id. */
export async function startUpload(client: EsdClient, size: number) {
  const { response } = await client.POST('/api/v1/uploads', {
    params: { header: { 'Tus-Resumable': TUS, 'Upload-Length': String(size), 'Upload-Metadata': metadata('owners.csv') } },
  })
  if (response.status !== 201) throw new Error(`creating an upload answered ${response.status}`)
  return response.headers.get('location')!.split('/').pop()!
}

export function sendChunk(client: EsdClient, id: string, offset: number, chunk: Uint8Array) {
  return client.PATCH('/api/v1/uploads/{id}', {
    params: { path: { id }, header: { 'Tus-Resumable': TUS, 'Upload-Offset': String(offset) } },
    body: raw(chunk),
    bodySerializer: (body) => body,
    headers: { 'Content-Type': 'application/offset+octet-stream', 'Content-Length': String(chunk.byteLength) },
  })
}

/** A complete upload of `bytes` (the CSV by default); its id. */
export async function completeUpload(client: EsdClient, bytes: Uint8Array = CSV) {
  const id = await startUpload(client, bytes.length)
  const { response } = await sendChunk(client, id, 0, bytes)
  if (response.status !== 204) throw new Error(`uploading answered ${response.status}`)
  return id
}

const started = async ({ client }: { client: EsdClient }) => ({ id: await startUpload(client, CSV.length) })
const unknownId = () => randomBytes(16).toString('hex')

export const uploadScenarios = [
  defineScenario({
    operationId: 'createUpload',
    success: (client) => client.POST('/api/v1/uploads', { params: { header: { 'Tus-Resumable': TUS, 'Upload-Length': '100', 'Upload-Metadata': metadata('a.csv') } } }),
    error: {
      status: 400,
      code: 'invalid_header',
      call: (client) => client.POST('/api/v1/uploads', { params: { header: { 'Tus-Resumable': TUS, 'Upload-Length': 'lots' } } }),
    },
    audits: 'upload.created',
  }),
  defineScenario({
    operationId: 'uploadCapabilities',
    success: (_client, _state, ctx) => ctx.anonymous.OPTIONS('/api/v1/uploads', {}),
    error: { exempt: 'public and takes no parameters, headers or body: a tus client asks it what the server supports, which cannot fail' },
    audits: { none: 'OPTIONS only describes the server; it changes nothing' },
  }),
  defineScenario({
    operationId: 'getUpload',
    setup: async ({ client }) => ({ id: await completeUpload(client) }),
    success: (client, { id }) => client.GET('/api/v1/uploads/{id}', { params: { path: { id } } }),
    error: { status: 404, code: 'upload_not_found', call: (client) => client.GET('/api/v1/uploads/{id}', { params: { path: { id: unknownId() } } }) },
    foreign: { code: 'upload_not_found' },
  }),
  defineScenario({
    operationId: 'getUploadOffset',
    setup: started,
    success: (client, { id }) => client.HEAD('/api/v1/uploads/{id}', { params: { path: { id }, header: { 'Tus-Resumable': TUS } } }),
    error: { status: 404, code: 'upload_not_found', call: (client) => client.HEAD('/api/v1/uploads/{id}', { params: { path: { id: unknownId() }, header: { 'Tus-Resumable': TUS } } }) },
    foreign: { code: 'upload_not_found' },
  }),
  defineScenario({
    operationId: 'uploadChunk',
    setup: started,
    success: (client, { id }) => sendChunk(client, id, 0, CSV),
    error: { status: 409, code: 'upload_offset_mismatch', call: (client, { id }) => sendChunk(client, id, 5, CSV.subarray(5)) },
    foreign: { code: 'upload_not_found' },
    audits: 'upload.completed',
  }),
  defineScenario({
    operationId: 'cancelUpload',
    setup: started,
    success: (client, { id }) => client.DELETE('/api/v1/uploads/{id}', { params: { path: { id }, header: { 'Tus-Resumable': TUS } } }),
    error: {
      status: 400,
      code: 'upload_complete',
      call: async (client) => {
        const id = await completeUpload(client)
        return client.DELETE('/api/v1/uploads/{id}', { params: { path: { id }, header: { 'Tus-Resumable': TUS } } })
      },
    },
    foreign: { code: 'upload_not_found' },
    audits: 'upload.deleted',
  }),
  defineScenario({
    operationId: 'uploadCapabilitiesForUpload',
    success: (_client, _state, ctx) => ctx.anonymous.OPTIONS('/api/v1/uploads/{id}', { params: { path: { id: unknownId() } } }),
    error: { exempt: 'public; it answers what the server supports for any id, so no input makes it fail' },
    foreign: { exempt: 'it reads no upload: the same answer for any id, another organization’s or none' },
    audits: { none: 'OPTIONS only describes the server; it changes nothing' },
  }),
]
