import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook, WebhookVerificationError } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEsdClient, type components, type EsdClient } from '~/api/client'
import { simulatedOutcome } from '~/modules/messaging/simulated-outcome'
import { loader as apiDocsLoader } from '~/routes/api.docs'
import { resetEnv } from '~/utils/env.server'
import { startInProcessRunner, type InProcessRunner } from '~/utils/jobs/in-process-runner.server'
import { runImport } from '../../inngest/functions/ingest/run-import'
import { dispatchSends } from '../../inngest/functions/messaging/dispatch-sends'
import { simulateCarrierOutcomes } from '../../inngest/functions/messaging/simulate-carrier-outcomes'
import { announceImportCompleted } from '../../inngest/functions/webhooks/announce-import-completed'
import { deliverWebhook } from '../../inngest/functions/webhooks/deliver-webhook'
import { appApiFetch } from '../support/api-client'
import { createApiKeyFor, createOrganization } from '../support/factories'
import { createVertical } from '../support/landed-import'
import { freshNumber, sendClockAt } from '../support/leads'
import { useLocalUploadStore } from '../support/upload-env'

/**
 * Issue 13, "Done when": an external system, using only /api/docs and a
 * scoped key, uploads an import, reads the leads, records a consent, sends a
 * message with an idempotency key, and receives signed webhooks for delivery
 * and reply that it verifies with a Standard Webhooks library.
 *
 * Every call goes through the typed client (openapi-fetch) over the route
 * modules in this process, each answer checked against the OpenAPI document
 * (appApiFetch). The platform's side runs as in production: the jobs
 * (import, dispatch, the sandbox's simulated carrier, webhook delivery) under
 * the in-process runner, and deliveries POSTed over HTTP to a receiver this
 * test starts, which verifies every one with `standardwebhooks`.
 */

const SCOPES = ['imports:write', 'imports:read', 'leads:read', 'consent:write', 'messages:send', 'messages:read', 'webhooks:manage']

/** The operations the journey calls, each of which /api/docs must document under a scope the key holds. */
const OPERATIONS = [
  'getOpenApiDocument',
  'createWebhookEndpoint',
  'createUpload',
  'uploadChunk',
  'createImport',
  'getImport',
  'searchLeads',
  'recordConsentEvent',
  'sendMessages',
  'getMessage',
  'listMessages',
  'listWebhookDeliveries',
]

type WebhookEvent = { type: string; timestamp: string; data: Record<string, any> }
type Received = { headers: Record<string, string>; rawBody: string; event: WebhookEvent | null; error: string | null }

/** The external system's webhook receiver: plain node:http on 127.0.0.1, verifying every delivery before it trusts it. */
function startReceiver() {
  const received: Received[] = []
  let secret: string | null = null
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8')
      const headers = {
        'webhook-id': String(req.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
      }
      try {
        if (!secret) throw new Error('no secret yet')
        const event = new Webhook(secret).verify(rawBody, headers) as WebhookEvent
        received.push({ headers, rawBody, event, error: null })
        res.writeHead(204).end()
      } catch (error) {
        received.push({ headers, rawBody, event: null, error: error instanceof Error ? error.message : String(error) })
        res.writeHead(401).end()
      }
    })
  })
  return {
    received,
    setSecret: (value: string) => {
      secret = value
    },
    listen: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** A number the sandbox's simulated carrier delivers to and whose owner then answers with text (not STOP). */
function numberThatReplies() {
  for (;;) {
    const n = freshNumber('512')
    const outcome = simulatedOutcome(n)
    if (outcome.kind === 'delivered_then_reply' && outcome.reply !== 'STOP') return { e164: n, reply: outcome.reply }
  }
}

/** A number the simulated carrier would simply deliver to. */
function numberThatIsDelivered() {
  for (;;) {
    const n = freshNumber('512')
    if (simulatedOutcome(n).kind === 'delivered') return n
  }
}

/** How a CRM export writes a US number. */
const usFormat = (e164: string) => `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`

let receiver: ReturnType<typeof startReceiver>
let receiverUrl: string
let runner: InProcessRunner | undefined
let restoreUploads: () => Promise<void>
let restoreClock: () => void
beforeAll(async () => {
  ;({ restore: restoreUploads } = await useLocalUploadStore())
  // 19:00 UTC is inside every US texting window, so quiet hours do not decide the send.
  restoreClock = sendClockAt(19, resetEnv)
  receiver = startReceiver()
  receiverUrl = await receiver.listen()
})
afterAll(async () => {
  await runner?.stop()
  await receiver.close()
  restoreClock()
  await restoreUploads()
})

describe('an external system, with only /api/docs and a scoped key', () => {
  it('uploads an import, reads the leads, records consent, sends idempotently and verifies the signed webhooks of the delivery and the reply', { timeout: 240_000 }, async () => {
    // The organization (a sandbox: it texts through the simulated carrier) gave the system a key with only the journey's scopes.
    const organization = await createOrganization({ environment: 'sandbox' })
    await createVertical(organization.id, 'seller')
    const { key } = await createApiKeyFor({ organizationId: organization.id, scopes: SCOPES })
    const esd: EsdClient = createEsdClient({ baseUrl: 'http://localhost', apiKey: key, fetch: appApiFetch() })

    // 1. The reference: /api/docs and the document behind it describe every operation used, under a scope the key holds.
    const docs = await apiDocsLoader({ request: new Request('http://localhost/api/docs'), params: {}, context: {} })
    const documented = new Map(docs.reference.groups.flatMap((group) => group.operations.map((operation) => [operation.id, operation] as const)))
    for (const operationId of OPERATIONS) {
      expect(documented.has(operationId), `/api/docs documents ${operationId}`).toBe(true)
      const scope = documented.get(operationId)!.scope
      if (scope) expect(SCOPES, `${operationId} needs ${scope}`).toContain(scope)
    }
    const openapi = await esd.GET('/api/v1/openapi.json')
    expect(openapi.response.status).toBe(200)
    const operationIds = Object.values((openapi.data as { paths: Record<string, Record<string, { operationId?: string }>> }).paths).flatMap((item) =>
      Object.values(item).map((operation) => operation.operationId),
    )
    expect(operationIds).toEqual(expect.arrayContaining(OPERATIONS))

    // 2. A webhook endpoint at the system's receiver; the secret is answered this once.
    const created = await esd.POST('/api/v1/webhook-endpoints', {
      body: {
        url: `${receiverUrl}/hooks/esd`,
        description: 'CRM sync',
        eventTypes: ['import.completed', 'lead.created', 'message.sent', 'message.delivered', 'message.received', 'consent.opted_out', 'consent.opted_in'],
      },
    })
    expect(created.response.status, JSON.stringify(created.error)).toBe(201)
    const { endpoint, secret } = created.data!
    expect(secret).toMatch(/^whsec_/)
    receiver.setSecret(secret)

    // The platform's background work, as a server runs it.
    runner = startInProcessRunner({
      functions: [runImport, announceImportCompleted, dispatchSends, simulateCarrierOutcomes, deliverWebhook],
      retryBaseMs: 10,
      pollIntervalMs: 50,
    })

    // 3. Upload a small CSV of three people with mobile numbers (tus), import it, and follow the import to the end.
    const replier = numberThatReplies()
    const optingOut = numberThatIsDelivered()
    const third = numberThatIsDelivered()
    const csv = Buffer.from(
      [
        'First Name,Last Name,Mobile Phone Number,Street Address,City,State/Region,Postal Code',
        `Dana,Reyes,${usFormat(replier.e164)},12 Oak St,Austin,TX,78701`,
        `Lee,Chen,${usFormat(optingOut)},9 Elm St,Austin,TX,78702`,
        `Ana,Park,${usFormat(third)},3 Pine St,Austin,TX,78703`,
        '',
      ].join('\n'),
    )
    const upload = await esd.POST('/api/v1/uploads', {
      params: { header: { 'Tus-Resumable': '1.0.0', 'Upload-Length': String(csv.length), 'Upload-Metadata': `filename ${Buffer.from('crm-leads.csv').toString('base64')}` } },
    })
    expect(upload.response.status).toBe(201)
    const uploadId = upload.response.headers.get('location')!.split('/').pop()!
    const chunk = await esd.PATCH('/api/v1/uploads/{id}', {
      params: { path: { id: uploadId }, header: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0' } },
      body: csv as unknown as string,
      bodySerializer: (body) => body,
      headers: { 'Content-Type': 'application/offset+octet-stream', 'Content-Length': String(csv.length) },
    })
    expect(chunk.response.status).toBe(204)

    const started = await esd.POST('/api/v1/imports', {
      params: { header: { 'Idempotency-Key': randomUUID() } },
      body: { uploadId, class: 'universe', verticalKey: 'seller', parser: { key: 'contact-export' } },
    })
    expect(started.response.status, JSON.stringify(started.error)).toBe(202)
    const importId = started.data!.import.id
    let finished: components['schemas']['Import'] | undefined
    await expect
      .poll(
        async () => {
          const { data } = await esd.GET('/api/v1/imports/{id}', { params: { path: { id: importId } } })
          finished = data!.import
          return finished.status
        },
        { timeout: 90_000, interval: 250 },
      )
      .toBe('completed')
    expect(finished!.counts).toMatchObject({ rows: 3, leadsCreated: 3, phonesAdded: 3, invalidPhones: 0 })

    // 4. Read the leads the import made.
    const leads = await esd.GET('/api/v1/leads', { params: { query: { importFileId: importId, limit: 50 } } })
    expect(leads.response.status, JSON.stringify(leads.error)).toBe(200)
    expect(leads.data!.data.map((lead) => lead.phone).sort()).toEqual([replier.e164, optingOut, third].sort())
    const leadOf = (phone: string) => leads.data!.data.find((lead) => lead.phone === phone)!
    expect(leadOf(replier.e164)).toMatchObject({ name: 'Dana Reyes', state: 'TX' })

    // 5. Record consent: Dana's grant, with its evidence; Lee's opt-out, from a CRM ticket.
    const granted = await esd.POST('/api/v1/consent-events', {
      params: { header: { 'Idempotency-Key': randomUUID() } },
      body: {
        phone: replier.e164,
        kind: 'consent_granted',
        evidence: { form: 'crm.example.com/sell', disclosure: 'I agree to receive texts from Lone Star Homes. Reply STOP to opt out.', ip: '203.0.113.7' },
        evidenceKey: `crm:consent:${replier.e164}`,
      },
    })
    expect(granted.response.status, JSON.stringify(granted.error)).toBe(201)
    expect(granted.data!).toMatchObject({ event: { kind: 'consent_granted' }, standing: { e164: replier.e164, decisions: { marketing: { allowed: true } } } })
    const optedOut = await esd.POST('/api/v1/consent-events', {
      params: { header: { 'Idempotency-Key': randomUUID() } },
      body: { phone: optingOut, kind: 'opt_out', evidence: { crmTicket: 'T-5531' }, evidenceKey: 'crm:T-5531' },
    })
    expect(optedOut.response.status, JSON.stringify(optedOut.error)).toBe(201)
    expect(optedOut.data!.standing.decisions.marketing).toMatchObject({ allowed: false, reason: 'opted_out' })

    // 6. Send with an Idempotency-Key to Dana and Lee: Dana's is queued, Lee's is blocked (opted out); the retry replays it.
    const idempotencyKey = randomUUID()
    const send = () =>
      esd.POST('/api/v1/messages', {
        params: { header: { 'Idempotency-Key': idempotencyKey } },
        body: { body: 'Hi, this is Sam with Lone Star Homes. Still thinking of selling? Reply STOP to opt out.', leadIds: [leadOf(replier.e164).id, leadOf(optingOut).id] },
      })
    const first = await send()
    expect(first.response.status, JSON.stringify(first.error)).toBe(202)
    expect(first.response.headers.get('idempotent-replayed')).toBeNull()
    expect(first.data!.queued).toEqual([expect.objectContaining({ leadId: leadOf(replier.e164).id, to: replier.e164 })])
    expect(first.data!.blocked).toEqual([expect.objectContaining({ leadId: leadOf(optingOut).id, to: optingOut, reason: 'opted_out' })])
    const again = await send()
    expect(again.response.status).toBe(202)
    expect(again.response.headers.get('idempotent-replayed')).toBe('true')
    expect(again.data).toEqual(first.data)
    const sent = first.data!.queued[0]!

    // Only one message was made for Dana, and the blocked one says why.
    const toDana = await esd.GET('/api/v1/messages', { params: { query: { leadId: leadOf(replier.e164).id, direction: 'outbound' } } })
    expect(toDana.data!.data.map((message) => message.id)).toEqual([sent.id])
    const blocked = await esd.GET('/api/v1/messages/{id}', { params: { path: { id: first.data!.blocked[0]!.id! } } })
    expect(blocked.data!.message).toMatchObject({ status: 'blocked', blockReason: 'opted_out', to: optingOut })

    // 7. The carrier sends it, reports it delivered, and Dana answers.
    await expect
      .poll(async () => (await esd.GET('/api/v1/messages/{id}', { params: { path: { id: sent.id } } })).data!.message.deliveryStatus, { timeout: 60_000, interval: 250 })
      .toBe('delivered')
    await expect
      .poll(async () => (await esd.GET('/api/v1/messages', { params: { query: { direction: 'inbound' } } })).data!.data.map((m) => [m.from, m.to, m.body]), {
        timeout: 60_000,
        interval: 250,
      })
      .toEqual([[replier.e164, sent.from, replier.reply]])
    const outbound = await esd.GET('/api/v1/messages', { params: { query: { direction: 'outbound' } } })
    expect(outbound.data!.data.filter((message) => message.to === replier.e164)).toHaveLength(1)

    // 8. The receiver got, and verified, the delivery and the reply (and the rest it subscribed to).
    const verified = (type: string, match: (data: Record<string, any>) => boolean) =>
      receiver.received.filter((r) => r.event?.type === type && match(r.event.data))
    const aboutSent = (data: Record<string, any>) => data.message?.sendQueueId === sent.id && data.message?.to === replier.e164
    await expect
      .poll(
        () => ({
          importCompleted: verified('import.completed', (data) => data.import?.id === importId).length,
          optedIn: verified('consent.opted_in', (data) => data.consent?.phone === replier.e164 && data.consent?.kind === 'consent_granted').length,
          optedOut: verified('consent.opted_out', (data) => data.consent?.phone === optingOut && data.consent?.kind === 'opt_out').length,
          sent: verified('message.sent', aboutSent).length,
          delivered: verified('message.delivered', (data) => aboutSent(data) && data.message.status === 'delivered').length,
          received: verified(
            'message.received',
            (data) => data.message?.direction === 'inbound' && data.message?.from === replier.e164 && data.message?.to === sent.from && data.message?.body === replier.reply,
          ).length,
        }),
        { timeout: 90_000, interval: 250 },
      )
      .toEqual({ importCompleted: 1, optedIn: 1, optedOut: 1, sent: 1, delivered: 1, received: 1 })
    // Every delivery verified; none about the opted-out number's blocked send; an import's leads are not announced one by one.
    expect(receiver.received.filter((r) => r.error !== null).map((r) => r.error)).toEqual([])
    expect(receiver.received.filter((r) => r.event!.type.startsWith('message.') && JSON.stringify(r.event).includes(optingOut))).toEqual([])
    expect(receiver.received.filter((r) => r.event!.type === 'lead.created')).toEqual([])

    // A body changed on the way does not verify; neither does another secret.
    const delivery = verified('message.delivered', aboutSent)[0]!
    const tampered = delivery.rawBody.replace('"delivered"', '"failed"')
    expect(tampered).not.toBe(delivery.rawBody)
    expect(() => new Webhook(secret).verify(tampered, delivery.headers)).toThrow(WebhookVerificationError)
    expect(() => new Webhook(`whsec_${Buffer.from(randomUUID()).toString('base64')}`).verify(delivery.rawBody, delivery.headers)).toThrow(WebhookVerificationError)

    // 9. The endpoint's delivery log, read with the same key, shows each of them delivered.
    const log = await esd.GET('/api/v1/webhook-endpoints/{id}/deliveries', { params: { path: { id: endpoint.id }, query: { limit: 50 } } })
    expect(log.response.status).toBe(200)
    expect(log.data!.data.length).toBe(receiver.received.length)
    expect(log.data!.data.every((d) => d.status === 'succeeded' && d.attempts.at(-1)?.responseStatus === 204)).toBe(true)
  })
})
