import { randomUUID } from 'node:crypto'
import type { EsdClient } from '~/api/client'
import { PNG } from '../../support/images'
import { freshNumber } from '../../support/leads'
import { defineScenario } from '../scenario'

const BODY = 'Hi, this is Sam with Lone Star Homes. Still thinking of selling? Reply STOP to opt out.'

/** Sends one message to a fresh number; its id (queued or blocked, either is a message). */
export async function sendOne(client: EsdClient) {
  const { data, error } = await client.POST('/api/v1/messages', { params: { header: { 'Idempotency-Key': randomUUID() } }, body: { body: BODY, to: [freshNumber()] } })
  if (!data) throw new Error(`could not send: ${JSON.stringify(error)}`)
  const id = data.queued[0]?.id ?? data.blocked[0]?.id
  if (!id) throw new Error(`the send made no message: ${JSON.stringify(data)}`)
  return id
}

export function uploadImage(client: EsdClient, bytes: Uint8Array = PNG) {
  return client.POST('/api/v1/media', {
    body: { file: 'image.png' },
    bodySerializer: () => {
      const form = new FormData()
      form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'image.png')
      return form
    },
  })
}

export const messageScenarios = [
  defineScenario({
    operationId: 'sendMessages',
    success: (client) => client.POST('/api/v1/messages', { params: { header: { 'Idempotency-Key': randomUUID() } }, body: { body: BODY, to: [freshNumber()] } }),
    error: { status: 422, code: 'no_recipients', call: (client) => client.POST('/api/v1/messages', { params: { header: { 'Idempotency-Key': randomUUID() } }, body: { body: BODY } }) },
    audits: 'messages.queued',
  }),
  defineScenario({
    operationId: 'getMessage',
    setup: async ({ client }) => ({ id: await sendOne(client) }),
    success: (client, { id }) => client.GET('/api/v1/messages/{id}', { params: { path: { id } } }),
    error: { status: 404, code: 'send_not_found', call: (client) => client.GET('/api/v1/messages/{id}', { params: { path: { id: randomUUID() } } }) },
    foreign: { code: 'send_not_found' },
  }),
  defineScenario({
    operationId: 'createMedia',
    success: (client) => uploadImage(client),
    error: { status: 422, code: 'unsupported_image', call: (client) => uploadImage(client, Buffer.from('not an image')) },
    audits: 'media.created',
  }),
  defineScenario({
    operationId: 'getMedia',
    setup: async ({ client }) => {
      const { data, error } = await uploadImage(client)
      if (!data) throw new Error(`could not upload an image: ${JSON.stringify(error)}`)
      return { id: data.media.id }
    },
    success: (client, { id }) => client.GET('/api/v1/media/{id}', { params: { path: { id } } }),
    error: { status: 404, code: 'media_not_found', call: (client) => client.GET('/api/v1/media/{id}', { params: { path: { id: randomUUID() } } }) },
    foreign: { code: 'media_not_found' },
  }),
]
