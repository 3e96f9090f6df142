import { randomBytes } from 'node:crypto'
import { startFakeHttpServer, type FakeReply, type FakeRequest, type FormBody } from './fake-http-server'

/**
 * The Twilio REST API, as much of it as we call, over real HTTP. Point the
 * real SDK at `url` (see `createTwilioClient({ apiBaseUrl })`).
 */

export type FakeTwilioAccount = { sid: string; authToken: string }

export type FakeTwilioMessage = {
  sid: string
  accountSid: string
  to: string
  from: string | null
  messagingServiceSid: string | null
  body: string
  mediaUrls: string[]
  statusCallback: string | null
  status: 'queued' | 'accepted'
  numSegments: number
  dateCreated: Date
}

export type FakeTwilioFailure =
  | { status: number; code: number; message: string }
  | { network: 'reset' | 'hang' }

export type FakeTwilio = {
  url: string
  /** Registered at start; any other account must be added with `addAccount`. */
  defaultAccount: FakeTwilioAccount
  /** Messages Twilio accepted (answered 201), in order. */
  messages: FakeTwilioMessage[]
  /** Every HTTP request received, accepted or not. */
  requests: FakeRequest[]
  addAccount: (account: FakeTwilioAccount) => void
  /** The next accepted-looking send to `to` fails this way instead; queue several by calling again. */
  failNextFor: (to: string, failure: FakeTwilioFailure) => void
  close: () => Promise<void>
}

const API_VERSION = '2010-04-01'
const E164 = /^\+[1-9]\d{1,14}$/
const MAX_BODY_LENGTH = 1600

export async function startFakeTwilio(): Promise<FakeTwilio> {
  const server = await startFakeHttpServer()
  const defaultAccount = { sid: newSid('AC'), authToken: randomBytes(16).toString('hex') }
  const authTokens = new Map([[defaultAccount.sid, defaultAccount.authToken]])
  const failures = new Map<string, FakeTwilioFailure[]>()
  const messages: FakeTwilioMessage[] = []

  function authorize(request: FakeRequest): FakeReply | null {
    const credentials = parseBasicAuth(request.headers.authorization)
    if (!credentials || authTokens.get(credentials.username) !== credentials.password) {
      return { ...twilioError(401, 20003, 'Authenticate'), headers: { 'www-authenticate': 'Basic realm="Twilio API"' } }
    }
    if (credentials.username !== request.params.accountSid) {
      return twilioError(404, 20404, `The requested resource ${request.path} was not found`)
    }
    return null
  }

  server.route('POST', `/${API_VERSION}/Accounts/:accountSid/Messages.json`, (request) => {
    const denied = authorize(request)
    if (denied) return denied

    const form: FormBody = isForm(request.body) ? request.body : {}
    const to = first(form.To)
    const from = first(form.From)
    const messagingServiceSid = first(form.MessagingServiceSid)
    const body = first(form.Body) ?? ''
    const mediaUrls = all(form.MediaUrl)

    if (!to) return twilioError(400, 21604, "A 'To' phone number is required.")
    if (!from && !messagingServiceSid) return twilioError(400, 21603, "A 'From' phone number is required.")
    if (!E164.test(to)) return twilioError(400, 21211, `Invalid 'To' Phone Number: ${to}`)
    if (body === '' && mediaUrls.length === 0) return twilioError(400, 21602, 'Message body is required.')
    if (body.length > MAX_BODY_LENGTH) {
      return twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.')
    }

    const failure = failures.get(to)?.shift()
    if (failure) return 'network' in failure ? failure : twilioError(failure.status, failure.code, failure.message)

    const message: FakeTwilioMessage = {
      // Twilio gives messages with media an MM sid.
      sid: newSid(mediaUrls.length > 0 ? 'MM' : 'SM'),
      accountSid: request.params.accountSid ?? '',
      to,
      from: from ?? null,
      messagingServiceSid: messagingServiceSid ?? null,
      body,
      mediaUrls,
      statusCallback: first(form.StatusCallback) ?? null,
      status: from ? 'queued' : 'accepted',
      numSegments: countSegments(body),
      dateCreated: new Date(),
    }
    messages.push(message)
    return { status: 201, json: toResource(message) }
  })

  server.route('GET', `/${API_VERSION}/Accounts/:accountSid/Messages/:messageSid.json`, (request) => {
    const denied = authorize(request)
    if (denied) return denied
    const message = messages.find(
      (candidate) => candidate.sid === request.params.messageSid && candidate.accountSid === request.params.accountSid,
    )
    if (!message) return twilioError(404, 20404, `The requested resource ${request.path} was not found`)
    return { status: 200, json: toResource(message) }
  })

  return {
    url: server.url,
    defaultAccount,
    messages,
    requests: server.requests,
    addAccount(account) {
      authTokens.set(account.sid, account.authToken)
    },
    failNextFor(to, failure) {
      failures.set(to, [...(failures.get(to) ?? []), failure])
    },
    close: server.close,
  }
}

function twilioError(status: number, code: number, message: string) {
  return { status, json: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } }
}

function toResource(message: FakeTwilioMessage) {
  const uri = `/${API_VERSION}/Accounts/${message.accountSid}/Messages/${message.sid}`
  const date = rfc2822(message.dateCreated)
  return {
    account_sid: message.accountSid,
    api_version: API_VERSION,
    body: message.body,
    date_created: date,
    date_sent: null,
    date_updated: date,
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: String(message.mediaUrls.length),
    num_segments: String(message.numSegments),
    price: null,
    price_unit: 'USD',
    sid: message.sid,
    status: message.status,
    subresource_uris: { media: `${uri}/Media.json` },
    to: message.to,
    uri: `${uri}.json`,
  }
}

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'
const GSM_EXTENDED = '\f^{}\\[~]|€'

/** GSM-7 (160, or 153 per part) unless a character needs UCS-2 (70, or 67 per part). */
function countSegments(body: string): number {
  let septets = 0
  for (const char of body) {
    if (GSM_BASIC.includes(char)) septets += 1
    else if (GSM_EXTENDED.includes(char)) septets += 2
    else return body.length <= 70 ? 1 : Math.ceil(body.length / 67)
  }
  if (septets === 0) return 0
  return septets <= 160 ? 1 : Math.ceil(septets / 153)
}

function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000')
}

function newSid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex')
}

function parseBasicAuth(header: string | undefined): { username: string; password: string } | null {
  const match = /^Basic (.+)$/i.exec(header ?? '')
  if (!match?.[1]) return null
  const decoded = Buffer.from(match[1], 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return null
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

function isForm(body: unknown): body is FormBody {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

function all(value: string | string[] | undefined): string[] {
  if (value === undefined) return []
  return Array.isArray(value) ? value : [value]
}
