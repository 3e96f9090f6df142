import twilio from 'twilio'

export type VerifyTwilioSignatureOptions = {
  authToken: string
  /** The public origin Twilio calls, with any path prefix: `https://x.example` or `https://x.example/app`. */
  publicBaseUrl: string
  /** The request's path and query string exactly as received, e.g. `/webhooks/twilio/status?foo=1`. */
  path: string
  /** The form-decoded POST body; a repeated key as the array of all its values. */
  params: Record<string, string | string[]>
  /** The `X-Twilio-Signature` header. */
  signature: string | null
}

/**
 * Whether Twilio signed this webhook request with `authToken`. The URL is
 * rebuilt from our configured origin, never from the Host header the caller
 * chooses. The SDK also tries the URL with the scheme's default port added
 * and with any port removed, since Twilio signs either form.
 */
export function verifyTwilioSignature({
  authToken,
  publicBaseUrl,
  path,
  params,
  signature,
}: VerifyTwilioSignatureOptions): boolean {
  // An empty token would make every signature computable by anyone.
  if (!signature || !authToken || !path.startsWith('/')) return false
  // The SDK signs each distinct value of a repeated key once, so an added copy would go unnoticed.
  if (Object.values(params).some((value) => Array.isArray(value) && new Set(value).size !== value.length)) return false
  const url = publicBaseUrl.replace(/\/+$/, '') + path
  return twilio.validateRequest(authToken, signature, url, params)
}
