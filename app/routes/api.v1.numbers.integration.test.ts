import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ensureSandboxSenders } from '~/modules/messaging/ensure-sandbox-senders.server'
import { prisma } from '~/utils/db.server'
import { callApi } from '../../tests/support/api-client'
import { createApiKeyFor, createOrganization } from '../../tests/support/factories'

/**
 * The numbers API: an external system reads the organization's sender
 * numbers (status, carrier account, caps, today's sends), pauses one and
 * resumes it (audited), and cannot see or change another organization's.
 */

type SenderNumber = {
  id: string
  e164: string
  status: 'active' | 'paused' | 'retired'
  pausedReason: string | null
  carrierAccount: { id: string; name: string; kind: string; status: string }
  dailyCap: number
  todayCap: number
  sentToday: number
}
type ApiError = { error: { code: string } }

async function sandbox(scopes: string[]) {
  const org = await createOrganization({ environment: 'sandbox' })
  await ensureSandboxSenders({ organizationId: org.id })
  const { key } = await createApiKeyFor({ organizationId: org.id, scopes })
  return { organizationId: org.id, key }
}

describe('the numbers API', () => {
  it('lists the sender numbers with their carrier account and caps, reads one, pauses and resumes it, audited', async () => {
    const { organizationId, key } = await sandbox(['numbers:read', 'numbers:write'])
    const stored = await prisma.senderNumber.findMany({ where: { organizationId }, orderBy: { e164: 'asc' } })
    expect(stored.length).toBeGreaterThan(0)

    const list = await callApi<{ data: SenderNumber[] }>({ path: '/api/v1/numbers', key })
    expect(list.status).toBe(200)
    expect(list.body.data.map((n) => n.e164)).toEqual(stored.map((n) => n.e164))
    expect(list.body.data[0]).toMatchObject({ status: 'active', sentToday: 0, carrierAccount: { kind: 'simulated', name: 'Simulated carrier', status: 'active' } })

    const target = stored[0]!
    const one = await callApi<{ number: SenderNumber }>({ path: `/api/v1/numbers/${target.id}`, key })
    expect(one.status).toBe(200)
    expect(one.body.number).toMatchObject({ id: target.id, e164: target.e164, dailyCap: target.dailyCap })

    const paused = await callApi<{ number: SenderNumber }>({ method: 'PATCH', path: `/api/v1/numbers/${target.id}`, key, json: { status: 'paused', reason: 'Carrier filtering' } })
    expect(paused.status).toBe(200)
    expect(paused.body.number).toMatchObject({ status: 'paused', pausedReason: 'Carrier filtering' })
    const again = await callApi<ApiError>({ method: 'PATCH', path: `/api/v1/numbers/${target.id}`, key, json: { status: 'paused' } })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('sender_number_unchanged')

    const resumed = await callApi<{ number: SenderNumber }>({ method: 'PATCH', path: `/api/v1/numbers/${target.id}`, key, json: { status: 'active' } })
    expect(resumed.body.number).toMatchObject({ status: 'active', pausedReason: null })
    const audit = await prisma.auditLog.findMany({ where: { organizationId, targetId: target.id }, orderBy: { id: 'asc' } })
    expect(audit.map((a) => [a.action, a.actorType])).toEqual([
      ['sender_number.paused', 'api_key'],
      ['sender_number.resumed', 'api_key'],
    ])

    await prisma.senderNumber.update({ where: { id: target.id }, data: { status: 'retired' } })
    const retired = await callApi<ApiError>({ method: 'PATCH', path: `/api/v1/numbers/${target.id}`, key, json: { status: 'active' } })
    expect(retired.status).toBe(409)
    expect(retired.body.error.code).toBe('sender_number_retired')

    const bad = await callApi<ApiError>({ method: 'PATCH', path: `/api/v1/numbers/${target.id}`, key, json: { status: 'retired' } })
    expect(bad.status).toBe(400)
  })

  it('answers another organization’s number as one that does not exist, and refuses a key without the scope', async () => {
    const mine = await sandbox(['numbers:read'])
    const other = await sandbox(['numbers:read', 'numbers:write'])
    const number = (await prisma.senderNumber.findFirstOrThrow({ where: { organizationId: mine.organizationId } })).id

    const read = await callApi<ApiError>({ path: `/api/v1/numbers/${number}`, key: other.key })
    expect([read.status, read.body.error.code]).toEqual([404, 'sender_number_not_found'])
    const write = await callApi<ApiError>({ method: 'PATCH', path: `/api/v1/numbers/${number}`, key: other.key, json: { status: 'paused' } })
    expect([write.status, write.body.error.code]).toEqual([404, 'sender_number_not_found'])
    expect((await prisma.senderNumber.findUniqueOrThrow({ where: { id: number } })).status).toBe('active')
    const none = await callApi<ApiError>({ path: `/api/v1/numbers/${randomUUID()}`, key: mine.key })
    expect(none.status).toBe(404)
    const theirs = await callApi<{ data: SenderNumber[] }>({ path: '/api/v1/numbers', key: other.key })
    expect(theirs.body.data.map((n) => n.id)).not.toContain(number)

    const readOnly = await callApi<ApiError>({ method: 'PATCH', path: `/api/v1/numbers/${number}`, key: mine.key, json: { status: 'paused' } })
    expect([readOnly.status, readOnly.body.error.code]).toEqual([403, 'insufficient_scope'])
    const writer = await createApiKeyFor({ organizationId: mine.organizationId, scopes: ['numbers:write'] })
    expect((await callApi<ApiError>({ path: '/api/v1/numbers', key: writer.key })).status).toBe(403)
  })
})
