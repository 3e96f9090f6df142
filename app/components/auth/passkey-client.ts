import {
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
  WebAuthnError,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser'

/** Browser side of the passkey ceremonies: fetch options, ask the authenticator, post the answer. */

export type RegistrationFlow = { flow: 'account' } | { flow: 'recovery' } | { flow: 'invitation'; token: string; name: string }

/** A failure carries the server's error `code` when there is one (e.g. `step_up_required`). */
export type Outcome = { ok: true; redirectTo?: string } | { ok: false; message: string; code?: string }

async function postJson<T>(url: string, body: unknown): Promise<{ ok: true; data: T } | { ok: false; message: string; code?: string }> {
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    })
  } catch {
    return { ok: false, message: 'The server could not be reached. Check your connection and try again.' }
  }
  const data = (await response.json().catch(() => null)) as (T & { error?: { message?: string; code?: string } }) | null
  if (!response.ok || !data) {
    return { ok: false, message: data?.error?.message ?? `Something went wrong (${response.status}). Try again.`, code: data?.error?.code }
  }
  return { ok: true, data }
}

function describe(error: unknown): string {
  const name = error instanceof WebAuthnError ? (error.cause as Error | undefined)?.name : (error as Error | undefined)?.name
  if (name === 'NotAllowedError' || name === 'AbortError') {
    return 'The passkey prompt was closed or timed out. Try again when you are ready.'
  }
  if (error instanceof WebAuthnError && error.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') {
    return 'This device already holds a passkey for your account.'
  }
  if (name === 'InvalidStateError') return 'This device already holds a passkey for your account.'
  return (error as Error)?.message || 'The passkey could not be used.'
}

export function passkeysSupported() {
  return typeof window !== 'undefined' && browserSupportsWebAuthn()
}

/** An authentication ceremony: options from `optionsPath`, the browser's answer posted to `verifyPath`. */
async function authenticateWith<T>(optionsPath: string, verifyPath: string, body: Record<string, unknown> = {}) {
  const options = await postJson<PublicKeyCredentialRequestOptionsJSON>(optionsPath, {})
  if (!options.ok) return options
  let response
  try {
    response = await startAuthentication({ optionsJSON: options.data })
  } catch (error) {
    return { ok: false as const, message: describe(error) }
  }
  return postJson<T>(verifyPath, { response, ...body })
}

export async function signInWithPasskey(redirectTo?: string): Promise<Outcome> {
  const result = await authenticateWith<{ redirectTo: string }>('/resources/passkeys/sign-in-options', '/resources/passkeys/sign-in', { redirectTo })
  return result.ok ? { ok: true, redirectTo: result.data.redirectTo } : result
}

export async function registerPasskey(flow: RegistrationFlow, passkeyName?: string): Promise<Outcome> {
  const options = await postJson<PublicKeyCredentialCreationOptionsJSON>('/resources/passkeys/registration-options', flow)
  if (!options.ok) return options
  let response
  try {
    response = await startRegistration({ optionsJSON: options.data })
  } catch (error) {
    return { ok: false, message: describe(error) }
  }
  const result = await postJson<{ ok?: boolean; redirectTo?: string }>('/resources/passkeys/register', {
    flow: flow.flow,
    response,
    passkeyName,
  })
  return result.ok ? { ok: true, redirectTo: result.data.redirectTo } : result
}

/**
 * Step-up: proves to the server, for this session, that the user still holds
 * one of their passkeys. The browser offers only the user's own passkeys.
 */
export async function confirmWithPasskey(): Promise<Outcome> {
  const result = await authenticateWith<{ ok: true }>('/resources/passkeys/step-up-options', '/resources/passkeys/step-up')
  return result.ok ? { ok: true } : result
}
