import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiOperations } from '~/api/operations.server'
import { API_SCOPES } from '~/modules/integrations/api-key-scopes'
import { pathParamNames } from '~/utils/api/operation.server'
import { prisma } from '~/utils/db.server'
import { resetEnv } from '~/utils/env.server'
import { sendClockAt } from '../support/leads'
import { useLocalUploadStore } from '../support/upload-env'
import { bodyCode, contractOrganization, documentedCodes, expectReached, operationOf, operationsById } from './harness'
import { scenarios } from './scenarios'

/**
 * The contract of every operation, from the spec: each scenario
 * (tests/contract/scenarios/*.ts) succeeds and fails as documented through
 * the typed client, every answer validated against the OpenAPI document;
 * and, from each operation's declaration, a key without its scope gets 403
 * before anything is read, another organization's record is a 404, and a
 * mutation leaves its audit row. The last block fails for an operation
 * without a scenario.
 */

// Uploads land in a temporary directory.
let restoreUploads: () => Promise<void>
beforeAll(async () => {
  ;({ restore: restoreUploads } = await useLocalUploadStore())
})
afterAll(() => restoreUploads())
// 19:00 UTC is inside every US recipient's quiet-hours window: sends and launches are not held for the clock.
let restoreClock: () => void
beforeAll(() => {
  restoreClock = sendClockAt(19, resetEnv)
})
afterAll(() => restoreClock())

const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * Operations that cannot have a check of some kind, each with why. Keep it
 * short: anything that can be called can be made to succeed.
 */
const EXEMPT_OPERATIONS: Record<string, string> = {}

describe.each(scenarios.map((scenario) => [scenario.operationId, scenario] as const))('%s', (operationId, scenario) => {
  const operation = operationOf(scenario)
  const scope = operation.auth === 'public' ? null : operation.auth.scope

  it('succeeds with a 2xx that matches the document', async () => {
    const org = await contractOrganization()
    const state = await scenario.setup?.(org)
    const from = org.log.length
    const started = new Date(Date.now() - 1000)
    await scenario.success(org.client, state, org)
    expectReached(org.log, from, operationId)
    if (MUTATIONS.has(operation.method) && typeof scenario.audits === 'string') {
      const rows = await prisma.auditLog.findMany({
        where: { organizationId: org.organizationId, action: scenario.audits, actorType: 'api_key', actorId: org.apiKeyId, createdAt: { gte: started } },
      })
      expect(rows.length, `${operationId} left no ${scenario.audits} audit row by the calling key`).toBeGreaterThan(0)
    }
  })

  if ('call' in scenario.error) {
    const error = scenario.error
    it(`answers ${error.status} ${error.code} as documented`, async () => {
      expect(documentedCodes(operation, error.status), `${operationId} does not document ${error.status} ${error.code}`).toContain(error.code)
      const org = await contractOrganization()
      const state = await scenario.setup?.(org)
      const from = org.log.length
      await error.call(org.client, state, org)
      const exchange = expectReached(org.log, from, operationId, error.status)
      if (operation.method !== 'HEAD') expect(bodyCode(exchange)).toBe(error.code)
    })
  }

  if (scope) {
    it(`refuses a key without ${scope} with 403 insufficient_scope, before reading anything`, async () => {
      const org = await contractOrganization()
      const limited = await contractOrganization({ organizationId: org.organizationId, scopes: API_SCOPES.filter((s) => s !== scope) })
      const state = await scenario.setup?.(org)
      const from = limited.log.length
      const before = await prisma.auditLog.count({ where: { organizationId: org.organizationId, actorType: 'api_key', actorId: limited.apiKeyId } })
      await scenario.success(limited.client, state, { ...org, client: limited.client })
      const exchange = expectReached(limited.log, from, operationId, 403)
      // A HEAD answer has no body to name the code.
      if (operation.method !== 'HEAD') {
        expect(bodyCode(exchange)).toBe('insufficient_scope')
        expect(JSON.parse(exchange.body).error.details.requiredScope).toBe(scope)
      }
      const after = await prisma.auditLog.count({ where: { organizationId: org.organizationId, actorType: 'api_key', actorId: limited.apiKeyId } })
      expect(after, 'a refused call changed nothing').toBe(before)
    })
  }

  if (scenario.foreign && 'code' in scenario.foreign) {
    const foreign = scenario.foreign
    it(`answers 404 ${foreign.code} for another organization's record`, async () => {
      expect(documentedCodes(operation, 404), `${operationId} does not document 404 ${foreign.code}`).toContain(foreign.code)
      const mine = await contractOrganization()
      const theirs = await contractOrganization()
      await scenario.setup?.(mine)
      const state = await scenario.setup?.(theirs)
      const from = mine.log.length
      await scenario.success(mine.client, state, mine)
      const exchange = expectReached(mine.log, from, operationId, 404)
      if (operation.method !== 'HEAD') expect(bodyCode(exchange)).toBe(foreign.code)
    })
  }

  if (scenario.foreign && 'assert' in scenario.foreign) {
    const foreign = scenario.foreign
    it("shows nothing of another organization's", async () => {
      const mine = await contractOrganization()
      const theirs = await contractOrganization()
      await scenario.setup?.(mine)
      const state = await scenario.setup?.(theirs)
      const from = mine.log.length
      const result = await scenario.success(mine.client, state, mine)
      expectReached(mine.log, from, operationId)
      await foreign.assert(result, state)
    })
  }
})

describe('the scenario registry', () => {
  it('has a scenario for every operation of app/api/operations.server.ts', () => {
    const covered = new Set(scenarios.map((scenario) => scenario.operationId))
    const missing = apiOperations.map((operation) => operation.operationId).filter((id) => !covered.has(id) && !EXEMPT_OPERATIONS[id])
    expect(missing, 'add a scenario for each (tests/contract/README.md)').toEqual([])
  })

  it('names real operations, once each', () => {
    const ids = scenarios.map((scenario) => scenario.operationId)
    expect(ids.filter((id) => !operationsById.has(id))).toEqual([])
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([])
  })

  it('checks another organization’s record for every operation with path parameters', () => {
    const missing = scenarios.filter((scenario) => pathParamNames(operationOf(scenario).path).length > 0 && !scenario.foreign).map((s) => s.operationId)
    expect(missing, 'give each a `foreign` (or `foreign: { exempt }` where the parameter names no record)').toEqual([])
  })

  it('names the audit action of every mutation', () => {
    const missing = scenarios.filter((scenario) => MUTATIONS.has(operationOf(scenario).method) && !scenario.audits).map((s) => s.operationId)
    expect(missing, 'give each `audits: "<action>"` (or `audits: { none: "why" }`)').toEqual([])
  })

  it('justifies every exemption', () => {
    const unjustified = scenarios.flatMap((scenario) => [
      ...('exempt' in scenario.error && scenario.error.exempt.trim().length < 20 ? [`${scenario.operationId}: error`] : []),
      ...(scenario.foreign && 'exempt' in scenario.foreign && scenario.foreign.exempt.trim().length < 20 ? [`${scenario.operationId}: foreign`] : []),
      ...(scenario.audits && typeof scenario.audits === 'object' && scenario.audits.none.trim().length < 20 ? [`${scenario.operationId}: audits`] : []),
    ])
    expect(unjustified, 'say why in a sentence').toEqual([])
  })
})
