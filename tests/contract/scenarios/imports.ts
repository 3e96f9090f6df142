import { randomUUID } from 'node:crypto'
import type { EsdClient } from '~/api/client'
import { createVertical } from '../../support/landed-import'
import { defineScenario, type ScenarioContext } from '../scenario'
import { completeUpload } from './uploads'

/** A queued universe import of the CSV (no runner runs in these tests, so it stays queued). */
export async function startImport(ctx: ScenarioContext) {
  await createVertical(ctx.organizationId, 'seller').catch(() => undefined)
  const uploadId = await completeUpload(ctx.client)
  const { data, error } = await ctx.client.POST('/api/v1/imports', { body: { uploadId, class: 'universe', verticalKey: 'seller' } })
  if (!data) throw new Error(`could not start an import: ${JSON.stringify(error)}`)
  return data.import
}

const withImport = async (ctx: ScenarioContext) => ({ import: await startImport(ctx) })
const control = (client: EsdClient, id: string, verb: 'pause' | 'resume' | 'cancel') =>
  verb === 'pause'
    ? client.POST('/api/v1/imports/{id}/pause', { params: { path: { id } } })
    : verb === 'resume'
      ? client.POST('/api/v1/imports/{id}/resume', { params: { path: { id } } })
      : client.POST('/api/v1/imports/{id}/cancel', { params: { path: { id } } })

export const importScenarios = [
  defineScenario({
    operationId: 'createImport',
    setup: async (ctx) => {
      await createVertical(ctx.organizationId, 'seller')
      return { uploadId: await completeUpload(ctx.client) }
    },
    success: (client, { uploadId }) => client.POST('/api/v1/imports', { body: { uploadId, class: 'universe', verticalKey: 'seller' } }),
    error: { status: 404, code: 'upload_not_found', call: (client) => client.POST('/api/v1/imports', { body: { uploadId: 'f'.repeat(32), class: 'universe', verticalKey: 'seller' } }) },
    audits: 'import.created',
  }),
  defineScenario({
    operationId: 'listImports',
    setup: withImport,
    success: (client) => client.GET('/api/v1/imports', { params: { query: { limit: 10 } } }),
    error: { status: 400, code: 'invalid_query', call: (client) => client.GET('/api/v1/imports', { params: { query: { limit: 100_000 } } }) },
  }),
  defineScenario({
    operationId: 'getImport',
    setup: withImport,
    success: (client, state) => client.GET('/api/v1/imports/{id}', { params: { path: { id: state.import.id } } }),
    error: { status: 404, code: 'import_not_found', call: (client) => client.GET('/api/v1/imports/{id}', { params: { path: { id: randomUUID() } } }) },
    foreign: { code: 'import_not_found' },
  }),
  defineScenario({
    operationId: 'listImportErrors',
    setup: withImport,
    success: (client, state) => client.GET('/api/v1/imports/{id}/errors', { params: { path: { id: state.import.id } } }),
    error: {
      status: 400,
      code: 'invalid_cursor',
      call: (client, state) => client.GET('/api/v1/imports/{id}/errors', { params: { path: { id: state.import.id }, query: { cursor: 'not-a-cursor-we-gave' } } }),
    },
    foreign: { code: 'import_not_found' },
  }),
  defineScenario({
    operationId: 'pauseImport',
    setup: withImport,
    success: (client, state) => control(client, state.import.id, 'pause'),
    error: {
      status: 409,
      code: 'import_not_running',
      call: async (client, state) => {
        await control(client, state.import.id, 'cancel')
        return control(client, state.import.id, 'pause')
      },
    },
    foreign: { code: 'import_not_found' },
    audits: 'import.paused',
  }),
  defineScenario({
    operationId: 'resumeImport',
    setup: async (ctx) => {
      const started = await startImport(ctx)
      await control(ctx.client, started.id, 'pause')
      return { import: started }
    },
    success: (client, state) => control(client, state.import.id, 'resume'),
    error: {
      status: 409,
      code: 'import_not_resumable',
      call: async (client, state) => {
        await control(client, state.import.id, 'resume')
        return control(client, state.import.id, 'resume')
      },
    },
    foreign: { code: 'import_not_found' },
    audits: 'import.resumed',
  }),
  defineScenario({
    operationId: 'cancelImport',
    setup: withImport,
    success: (client, state) => control(client, state.import.id, 'cancel'),
    error: {
      status: 409,
      code: 'import_finished',
      call: async (client, state) => {
        await control(client, state.import.id, 'cancel')
        return control(client, state.import.id, 'cancel')
      },
    },
    foreign: { code: 'import_not_found' },
    audits: 'import.cancelled',
  }),
]
