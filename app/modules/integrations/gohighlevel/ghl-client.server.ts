import { AppError } from '~/utils/app-error'
import { getEnv } from '~/utils/env.server'

/**
 * GoHighLevel's API v2 (LeadConnector) as far as we call it: upsert a
 * contact, and list one contact to test a connection. Plain `fetch` with a
 * Private Integration token; the origin is GHL_API_URL in tests (the fake).
 * Field names follow GHL's public contacts API (`POST /contacts/upsert`, the
 * official `@gohighlevel/api-client` models): docs/decisions/054.
 */

export const GHL_API_VERSION = '2021-07-28'
const DEFAULT_ORIGIN = 'https://services.leadconnectorhq.com'
const TIMEOUT_MS = 15_000

export type GhlContactInput = {
  locationId: string
  firstName?: string
  lastName?: string
  name?: string
  /** E.164. */
  phone?: string
  email?: string
  address1?: string
  city?: string
  state?: string
  postalCode?: string
  tags?: string[]
  source?: string
  /** Do not disturb: set when the number opted out (or is otherwise closed to texts) in esd.quest. */
  dnd?: boolean
  customFields?: { id?: string; key?: string; field_value: string }[]
}

export type GhlUpsertAnswer = { contactId: string; created: boolean }

export type GhlErrorKind = 'unauthorized' | 'forbidden' | 'invalid' | 'rate_limited' | 'server' | 'network'

/** A call GHL refused or that did not get through. `retriable`: 429, 5xx, network trouble. */
export class GhlApiError extends AppError {
  constructor(
    readonly kind: GhlErrorKind,
    message: string,
    readonly httpStatus: number | null,
  ) {
    super(`gohighlevel_${kind}`, message, 502, { kind, httpStatus })
    this.name = 'GhlApiError'
  }

  get retriable() {
    return this.kind === 'rate_limited' || this.kind === 'server' || this.kind === 'network'
  }
}

function origin() {
  return (getEnv().GHL_API_URL ?? DEFAULT_ORIGIN).replace(/\/$/, '')
}

async function call(token: string, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<unknown> {
  let response: Response
  try {
    response = await fetch(`${origin()}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        version: GHL_API_VERSION,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
  } catch (error) {
    throw new GhlApiError('network', `GoHighLevel could not be reached: ${error instanceof Error ? error.message : String(error)}`, null)
  }
  const text = await response.text()
  let json: unknown = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {
    json = null
  }
  if (response.ok) return json
  throw refusal(response.status, json)
}

function refusal(status: number, json: unknown): GhlApiError {
  const raw = json && typeof json === 'object' && 'message' in json ? (json as { message: unknown }).message : null
  const said = Array.isArray(raw) ? raw.map(String).join('; ') : typeof raw === 'string' ? raw : null
  const detail = said ? `: ${said}` : ''
  if (status === 401) {
    return new GhlApiError('unauthorized', `GoHighLevel refused the Private Integration token (401${detail}). Paste a new token in Settings › GoHighLevel.`, status)
  }
  if (status === 403) {
    return new GhlApiError('forbidden', `GoHighLevel says the token may not use this location or scope (403${detail}). Check the Location ID and the token's scopes (contacts.write, contacts.readonly).`, status)
  }
  if (status === 429) return new GhlApiError('rate_limited', `GoHighLevel's rate limit was reached (429${detail}).`, status)
  if (status >= 500) return new GhlApiError('server', `GoHighLevel answered ${status}${detail}.`, status)
  return new GhlApiError('invalid', `GoHighLevel refused the contact (${status}${detail}).`, status)
}

/** Creates the contact or updates the one GHL matches (its duplicate rule: email, then phone). */
export async function upsertGhlContact(options: { token: string; contact: GhlContactInput }): Promise<GhlUpsertAnswer> {
  const answer = await call(options.token, 'POST', '/contacts/upsert', options.contact)
  const contact = answer && typeof answer === 'object' && 'contact' in answer ? (answer as { contact: unknown; new?: unknown }) : null
  const id = contact?.contact && typeof contact.contact === 'object' && 'id' in contact.contact ? (contact.contact as { id: unknown }).id : null
  if (typeof id !== 'string' || id === '') throw new GhlApiError('server', 'GoHighLevel answered the upsert without a contact id.', 200)
  return { contactId: id, created: contact?.new === true }
}

/**
 * Updates the contact GHL knows by `contactId` (no `locationId` in the body:
 * GHL refuses it on a PUT). A contact that is gone answers 4xx (`invalid`).
 */
export async function updateGhlContact(options: { token: string; contactId: string; contact: Omit<GhlContactInput, 'locationId'> }): Promise<GhlUpsertAnswer> {
  const answer = await call(options.token, 'PUT', `/contacts/${encodeURIComponent(options.contactId)}`, options.contact)
  const contact = answer && typeof answer === 'object' && 'contact' in answer ? (answer as { contact: unknown }).contact : null
  const id = contact && typeof contact === 'object' && 'id' in contact ? (contact as { id: unknown }).id : options.contactId
  return { contactId: typeof id === 'string' && id !== '' ? id : options.contactId, created: false }
}

/** One cheap authenticated read: the token works for the location. */
export async function checkGhlConnection(options: { token: string; locationId: string }): Promise<void> {
  await call(options.token, 'GET', `/contacts/?locationId=${encodeURIComponent(options.locationId)}&limit=1`)
}
