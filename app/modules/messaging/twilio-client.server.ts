import twilio from 'twilio'
import type RequestClient from 'twilio/lib/base/RequestClient'
import type Response from 'twilio/lib/http/response'

export type TwilioClient = twilio.Twilio

export type CreateTwilioClientOptions = {
  accountSid: string
  authToken: string
  /** A Twilio-compatible origin (tests' fake, a proxy) that replaces every `https://*.twilio.com`. */
  apiBaseUrl?: string
  /** Per-request timeout; the SDK's default is 30 s. */
  timeoutMs?: number
}

/**
 * Only the origin changes: the SDK still builds the URL, signs the request
 * and form-encodes the body itself, so a fake sees exactly what Twilio would.
 */
class BaseUrlRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: URL,
    options: RequestClient.RequestClientOptions,
  ) {
    super(options)
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    return super.request({ ...opts, uri: rewriteTwilioUri(opts.uri, this.baseUrl) })
  }
}

export function createTwilioClient({ accountSid, authToken, apiBaseUrl, timeoutMs }: CreateTwilioClientOptions): TwilioClient {
  const httpClient = apiBaseUrl ? new BaseUrlRequestClient(new URL(apiBaseUrl), { timeout: timeoutMs }) : undefined
  return twilio(accountSid, authToken, { httpClient, timeout: timeoutMs })
}

function rewriteTwilioUri(uri: string, baseUrl: URL): string {
  const url = new URL(uri)
  if (url.hostname !== 'twilio.com' && !url.hostname.endsWith('.twilio.com')) return uri
  const prefix = baseUrl.pathname.replace(/\/+$/, '')
  return `${baseUrl.origin}${prefix}${url.pathname}${url.search}`
}
