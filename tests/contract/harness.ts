import type { AppLoadContext } from '@remix-run/node'
import createClient from 'openapi-fetch'
import { expect } from 'vitest'
import { createEsdClient, type EsdClient, type paths } from '~/api/client'
import { openApiDocument } from '~/api/document.server'
import { apiOperations } from '~/api/operations.server'
import { API_SCOPES, type ApiScope } from '~/modules/integrations/api-key-scopes'
import { errorCodesOf } from '~/utils/api/openapi.server'
import type { OperationSpec } from '~/utils/api/operation.server'
import { appApiFetch } from '../support/api-client'
import { ApiContract } from '../support/api-contract'
import { createApiKeyFor, createOrganization } from '../support/factories'
import type { CallResult, Scenario, ScenarioContext } from './scenario'

/**
 * The typed client (app/api/client, openapi-fetch) wired into the app's
 * route modules in this process: every answer is validated against the
 * OpenAPI document (tests/support/api-client.ts) before a scenario sees it,
 * and every exchange is recorded, so the harness can tell which operation a
 * call reached.
 */

export const BASE_URL = 'http://localhost'
const contract = new ApiContract(openApiDocument(BASE_URL))

export type Exchange = { method: string; path: string; status: number; body: string; operationId: string | null }

export function operationIdOf(method: string, path: string): string | null {
  const found = contract.operationFor(method, new URL(path, BASE_URL).pathname)
  return found?.operation ? String(found.operation.operationId) : null
}

/** A typed client for `apiKey` (or none) whose exchanges land in `log`. */
export function contractClient(apiKey: string | null, log: Exchange[], context?: AppLoadContext): EsdClient {
  const fetch = appApiFetch({ context, onExchange: (exchange) => log.push({ ...exchange, operationId: operationIdOf(exchange.method, exchange.path) }) })
  return apiKey === null ? createClient<paths>({ baseUrl: BASE_URL, fetch }) : createEsdClient({ baseUrl: BASE_URL, apiKey, fetch })
}

export type Organization = ScenarioContext & { log: Exchange[]; key: string }

/**
 * A fresh sandbox organization (it sends, to the simulated carrier) with an
 * admin and a key holding `scopes` (every scope by default); or another key
 * of `organizationId`.
 */
export async function contractOrganization(options: { scopes?: readonly ApiScope[]; organizationId?: string; rateLimitPerMinute?: number } = {}): Promise<Organization> {
  const organizationId = options.organizationId ?? (await createOrganization({ environment: 'sandbox' })).id
  const created = await createApiKeyFor({ organizationId, scopes: [...(options.scopes ?? API_SCOPES)], rateLimitPerMinute: options.rateLimitPerMinute })
  const log: Exchange[] = []
  return {
    client: contractClient(created.key, log),
    anonymous: contractClient(null, log),
    organizationId: created.organizationId,
    apiKeyId: created.apiKey.id,
    admin: { id: created.admin.id, email: created.admin.email, organizationId: created.admin.organizationId },
    log,
    key: created.key,
  }
}

export const operationsById = new Map<string, OperationSpec>(apiOperations.map((operation) => [operation.operationId, operation]))

export function operationOf(scenario: Scenario): OperationSpec {
  const operation = operationsById.get(scenario.operationId)
  if (!operation) throw new Error(`Scenario ${scenario.operationId} names no operation of app/api/operations.server.ts`)
  return operation
}

/** The error code of an answer (`{ error: { code } }`), if it has one. */
export async function errorCode(result: CallResult): Promise<string | undefined> {
  const error = (result.error ?? undefined) as { error?: { code?: string } } | undefined
  return error?.error?.code
}

/** Asserts the last exchange in `log` since `from` reached `operationId`, and answered `status` (or any 2xx). */
export function expectReached(log: Exchange[], from: number, operationId: string, status?: number) {
  const exchanges = log.slice(from)
  const reached = exchanges.filter((exchange) => exchange.operationId === operationId)
  expect(reached.length, `the call never reached ${operationId}; it made ${exchanges.map((e) => `${e.method} ${e.path} → ${e.status}`).join(', ') || 'no request'}`).toBeGreaterThan(0)
  const last = reached[reached.length - 1]!
  if (status === undefined) expect(last.status, `${operationId} answered ${last.status}: ${last.body.slice(0, 400)}`).toBeGreaterThanOrEqual(200)
  if (status === undefined) expect(last.status, `${operationId} answered ${last.status}: ${last.body.slice(0, 400)}`).toBeLessThan(300)
  else expect(last.status, `${operationId} answered ${last.status}, expected ${status}: ${last.body.slice(0, 400)}`).toBe(status)
  return last
}

/** The codes `operation` documents for `status` (its own and the common ones). */
export function documentedCodes(operation: OperationSpec, status: number): string[] {
  return (errorCodesOf(operation).get(status) ?? []).map((entry) => entry.code)
}

export function bodyCode(exchange: Exchange): string | undefined {
  try {
    return (JSON.parse(exchange.body) as { error?: { code?: string } }).error?.code
  } catch {
    return undefined
  }
}
