import type { EsdClient } from '~/api/client'

/**
 * A contract scenario: how to call one operation of app/api/operations.server.ts
 * so that it succeeds and so that it fails, with the typed client. The harness
 * (tests/contract/contract.integration.test.ts) runs each one in a fresh
 * organization and adds, from the operation's declaration, the 403 of a key
 * without its scope and the 404 of another organization's record. See
 * tests/contract/README.md.
 */

/** What an openapi-fetch call answers; only `response` is needed. */
export type CallResult = { response: Response; data?: unknown; error?: unknown }

export type ScenarioContext = {
  /** A key of the organization holding every scope. */
  client: EsdClient
  /** The same API without an `Authorization` header. */
  anonymous: EsdClient
  organizationId: string
  /** The key behind `client` (audit rows name it). */
  apiKeyId: string
  /** The organization's admin, who made the key. */
  admin: { id: string; email: string; organizationId: string }
}

export type Scenario<S = unknown> = {
  operationId: string
  /**
   * Makes what the calls need, in `ctx`'s organization (through the API, or a
   * module or factory where the API has no way to). Runs once per check, in
   * the caller's organization, and once more in another organization for the
   * `foreign` check.
   */
  setup?: (ctx: ScenarioContext) => Promise<S>
  /** A call that must answer 2xx. `client` is the caller's (every scope, or all but the operation's for the 403 check). */
  success: (client: EsdClient, state: S, ctx: ScenarioContext) => Promise<CallResult>
  /** A call that must answer `status` with error `code`, one the operation documents; or why the operation has none. */
  error: { status: number; code: string; call: (client: EsdClient, state: S, ctx: ScenarioContext) => Promise<CallResult> } | { exempt: string }
  /**
   * Operations with path parameters: `success`, made with the caller's key
   * against what `setup` made in ANOTHER organization, must answer this 404
   * (code as documented, e.g. `template_not_found`). `exempt` only where a
   * path parameter names no record of an organization; `assert` where it names
   * something every organization has its own of (a phone's consent standing):
   * it gets the answer to check that nothing of the other organization shows.
   */
  foreign?: { code: string } | { exempt: string } | { assert: (result: CallResult, theirs: S) => void | Promise<void> }
  /**
   * Mutations (POST, PUT, PATCH, DELETE): the audit action `success` leaves,
   * by the calling key, in the caller's organization; or why none.
   */
  audits?: string | { none: string }
}

export function defineScenario<S>(scenario: Scenario<S>): Scenario<unknown> {
  return scenario as Scenario<unknown>
}
