import { z } from 'zod'
import 'zod-openapi'
import { defineOperation } from '~/utils/api/operation.server'

/**
 * The numbers endpoints: the organization's sender numbers, what each may
 * and did send today, and pausing or resuming one
 * (app/modules/messaging/set-sender-number-status).
 */

const numberId = z.uuid().meta({ description: 'The sender number id.', example: '4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a' })
const params = z.object({ id: numberId })
const NOT_FOUND = { sender_number_not_found: 'no such number in the organization (another organization’s answers the same)' }

const SenderNumberSchema = z
  .object({
    id: numberId,
    e164: z.string().meta({ description: 'The number, E.164 (the organization’s own: never masked).' }),
    areaCode: z.string(),
    state: z.string().nullable().meta({ description: 'The two-letter US state of its area code.' }),
    status: z.enum(['active', 'paused', 'retired']).meta({ description: '`active` sends; `paused` sends nothing until resumed (its queued messages wait); `retired` never sends again.' }),
    pausedReason: z.string().nullable(),
    carrierAccount: z
      .object({ id: z.uuid(), name: z.string(), kind: z.enum(['twilio', 'simulated']), status: z.enum(['active', 'disabled']) })
      .meta({ description: 'The carrier account it sends through.' }),
    mps: z.int().meta({ description: 'Messages per second it may send.' }),
    dailyCap: z.int().meta({ description: 'Messages per day once warmed up.' }),
    todayCap: z.int().meta({ description: 'What it may send today (lower while it warms up).' }),
    sentToday: z.int().meta({ description: 'Messages it sent since 00:00 UTC.' }),
    warmupStartedOn: z.iso.date().nullable().meta({ description: 'Day one of its warm-up; null: warmed up.' }),
  })
  .meta({ id: 'SenderNumber' })

const example = {
  id: '4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a',
  e164: '+15125550123',
  areaCode: '512',
  state: 'TX',
  status: 'active',
  pausedReason: null,
  carrierAccount: { id: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d', name: 'Main Twilio', kind: 'twilio', status: 'active' },
  mps: 1,
  dailyCap: 250,
  todayCap: 100,
  sentToday: 37,
  warmupStartedOn: '2026-11-28',
}

export const listNumbers = defineOperation({
  operationId: 'listNumbers',
  method: 'GET',
  path: '/api/v1/numbers',
  summary: 'List sender numbers',
  description: 'Every number the organization sends from, by carrier account (oldest first) and number, with its status, caps and what it sent today.',
  tag: 'Numbers',
  auth: { scope: 'numbers:read' },
  responses: { 200: { description: 'The numbers.', body: z.object({ data: z.array(SenderNumberSchema) }), example: { data: [example] } } },
})

export const getNumber = defineOperation({
  operationId: 'getNumber',
  method: 'GET',
  path: '/api/v1/numbers/{id}',
  summary: 'A sender number',
  description: 'One number the organization sends from, with its status, carrier account, caps and what it sent today.',
  tag: 'Numbers',
  auth: { scope: 'numbers:read' },
  params,
  responses: { 200: { description: 'The number.', body: z.object({ number: SenderNumberSchema }), example: { number: example } } },
  errors: { 404: NOT_FOUND },
})

export const updateNumber = defineOperation({
  operationId: 'updateNumber',
  method: 'PATCH',
  path: '/api/v1/numbers/{id}',
  summary: 'Pause or resume a sender number',
  description:
    '`paused`: it sends nothing until resumed; its queued messages wait (`reason` is shown beside it). `active`: it sends again at its pace, starting with what waited. Audited. A retired number cannot change.',
  tag: 'Numbers',
  auth: { scope: 'numbers:write' },
  params,
  body: {
    json: {
      schema: z
        .object({
          status: z.enum(['active', 'paused']),
          reason: z.string().trim().max(200).optional().meta({ description: 'Why it is paused (at most 200 characters).' }),
        })
        .strict()
        .meta({ id: 'SenderNumberUpdate' }),
      example: { status: 'paused', reason: 'Carrier filtering on this number' },
    },
  },
  responses: { 200: { description: 'The number as it is now.', body: z.object({ number: SenderNumberSchema }), example: { number: { ...example, status: 'paused', pausedReason: 'Carrier filtering on this number' } } } },
  errors: {
    404: NOT_FOUND,
    409: { sender_number_retired: 'the number is retired', sender_number_unchanged: 'the number already has this status' },
  },
})
