import { afterEach, describe, expect, it } from 'vitest'
import { startFakeHttpServer, type FakeHttpServer } from '../../../tests/fakes/fake-http-server'
import { broadcastImportProgress } from './broadcast-import-progress.server'

let server: FakeHttpServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const event = { type: 'import.progress' as const, importFileId: 'imp-1', status: 'running', stage: 'merge', progress: { merge: { done: 10 } } }

describe('broadcastImportProgress', () => {
  it('sends the event to the import’s room through the Liveblocks REST API', async () => {
    server = await startFakeHttpServer()
    server.route('POST', '/v2/rooms/:room/broadcast-event', () => ({ status: 204, text: '' }))
    const result = await broadcastImportProgress({ organizationId: 'org-1', event, config: { secret: 'sk_test', baseUrl: server.url, publicBaseUrl: server.url } })

    expect(result).toEqual({ sent: true })
    expect(server.requests).toHaveLength(1)
    expect(decodeURIComponent(server.requests[0]!.path)).toBe('/v2/rooms/org:org-1:import:imp-1/broadcast-event')
    expect(server.requests[0]!.body).toEqual(event)
  })

  it('does nothing without a realtime configuration, and never throws when Liveblocks fails or hangs', async () => {
    expect(await broadcastImportProgress({ organizationId: 'org-1', event, config: null })).toEqual({ sent: false })
    server = await startFakeHttpServer()
    server.route('POST', '/v2/rooms/:room/broadcast-event', () => ({ status: 500, json: { error: 'boom' } }))
    const config = { secret: 'sk_test', baseUrl: server.url, publicBaseUrl: server.url }
    expect(await broadcastImportProgress({ organizationId: 'org-1', event, config })).toEqual({ sent: false })
    server.route('POST', '/v2/rooms/:room/broadcast-event', () => ({ network: 'hang' }))
    expect(await broadcastImportProgress({ organizationId: 'org-2', event, config, timeoutMs: 200 })).toEqual({ sent: false })
  })
})
