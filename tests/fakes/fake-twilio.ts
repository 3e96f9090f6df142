import { randomBytes } from 'node:crypto'
import { startFakeHttpServer, type FakeReply, type FakeRequest, type FormBody } from './fake-http-server'

/**
 * The Twilio REST API, as much of it as we call, over real HTTP. Point the
 * real SDK at `url` (see `createTwilioClient({ apiBaseUrl })`).
 */

export type FakeTwilioAccount = { sid: string; authToken: string }

/** What `GET Accounts/{sid}.json` says about an account beyond its credentials. */
export type FakeTwilioAccountDetails = {
  friendlyName?: string
  status?: 'active' | 'suspended' | 'closed'
  type?: 'Trial' | 'Full'
}

export type FakeTwilioCapabilities = { voice: boolean; sms: boolean; mms: boolean; fax: boolean }

/** A number the account owns, as `IncomingPhoneNumbers.json` lists it. */
export type FakeTwilioIncomingNumber = {
  sid: string
  accountSid: string
  phoneNumber: string
  friendlyName: string
  capabilities: FakeTwilioCapabilities
  dateCreated: Date
}

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
  addAccount: (account: FakeTwilioAccount & FakeTwilioAccountDetails) => void
  /** A number owned by `accountSid` (listed in creation order); capabilities default to voice, SMS and MMS. */
  addIncomingNumber: (
    accountSid: string,
    number: { phoneNumber: string; capabilities?: Partial<FakeTwilioCapabilities>; friendlyName?: string },
  ) => FakeTwilioIncomingNumber
  /** The next accepted-looking send to `to` fails this way instead; queue several by calling again. */
  failNextFor: (to: string, failure: FakeTwilioFailure) => void
  close: () => Promise<void>
}

const API_VERSION = '2010-04-01'
const E164 = /^\+[1-9]\d{1,14}$/
const MAX_BODY_LENGTH = 1600
const DEFAULT_PAGE_SIZE = 50
const MAX_PAGE_SIZE = 1000

export async function startFakeTwilio(): Promise<FakeTwilio> {
  const server = await startFakeHttpServer()
  const defaultAccount = { sid: newSid('AC'), authToken: randomBytes(16).toString('hex') }
  const authTokens = new Map([[defaultAccount.sid, defaultAccount.authToken]])
  const accountDetails = new Map<string, Required<FakeTwilioAccountDetails> & { dateCreated: Date }>()
  const failures = new Map<string, FakeTwilioFailure[]>()
  const messages: FakeTwilioMessage[] = []
  const incomingNumbers: FakeTwilioIncomingNumber[] = []

  function registerAccount(account: FakeTwilioAccount & FakeTwilioAccountDetails) {
    authTokens.set(account.sid, account.authToken)
    accountDetails.set(account.sid, {
      friendlyName: account.friendlyName ?? `My account ${account.sid.slice(-4)}`,
      status: account.status ?? 'active',
      type: account.type ?? 'Full',
      dateCreated: accountDetails.get(account.sid)?.dateCreated ?? new Date(),
    })
  }
  registerAccount(defaultAccount)

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

  // The message list, filtered as Twilio filters it (To, From, DateSent>): how an unknown send is looked up.
  server.route('GET', `/${API_VERSION}/Accounts/:accountSid/Messages.json`, (request) => {
    const denied = authorize(request)
    if (denied) return denied
    const accountSid = request.params.accountSid ?? ''
    const pageSize = pageParameter(request.query.get('PageSize'), DEFAULT_PAGE_SIZE)
    if (pageSize === null || pageSize < 1 || pageSize > MAX_PAGE_SIZE) return twilioError(400, 20001, 'Invalid paging parameters')
    const to = request.query.get('To')
    const from = request.query.get('From')
    const sentAfter = request.query.get('DateSent>')
    const after = sentAfter ? Date.parse(sentAfter) : null
    const listed = messages
      .filter((m) => m.accountSid === accountSid && (!to || m.to === to) && (!from || m.from === from) && (after === null || m.dateCreated.getTime() >= after))
      .slice()
      .reverse()
      .slice(0, pageSize)
    const uri = `/${API_VERSION}/Accounts/${accountSid}/Messages.json?PageSize=${pageSize}&Page=0`
    return {
      status: 200,
      json: { end: Math.max(listed.length, 1) - 1, first_page_uri: uri, messages: listed.map(toResource), next_page_uri: null, page: 0, page_size: pageSize, previous_page_uri: null, start: 0, uri },
    }
  })

  server.route('GET', `/${API_VERSION}/Accounts/:accountSid.json`, (request) => {
    const denied = authorize(request)
    if (denied) return denied
    const sid = request.params.accountSid ?? ''
    const details = accountDetails.get(sid)!
    return { status: 200, json: toAccountResource(sid, authTokens.get(sid) ?? '', details) }
  })

  server.route('GET', `/${API_VERSION}/Accounts/:accountSid/IncomingPhoneNumbers.json`, (request) => {
    const denied = authorize(request)
    if (denied) return denied
    const accountSid = request.params.accountSid ?? ''
    const pageSize = pageParameter(request.query.get('PageSize'), DEFAULT_PAGE_SIZE)
    const page = pageParameter(request.query.get('Page'), 0)
    if (pageSize === null || pageSize < 1 || pageSize > MAX_PAGE_SIZE || page === null) {
      return twilioError(400, 20001, 'Invalid paging parameters')
    }
    const phoneNumber = request.query.get('PhoneNumber')
    const owned = incomingNumbers.filter(
      (number) => number.accountSid === accountSid && (!phoneNumber || number.phoneNumber.includes(phoneNumber)),
    )
    const start = page * pageSize
    const items = owned.slice(start, start + pageSize)
    const base = `/${API_VERSION}/Accounts/${accountSid}/IncomingPhoneNumbers.json`
    const pageUri = (n: number, token?: string) => {
      const query = new URLSearchParams({ PageSize: String(pageSize), Page: String(n) })
      if (phoneNumber) query.set('PhoneNumber', phoneNumber)
      if (token) query.set('PageToken', token)
      return `${base}?${query.toString()}`
    }
    const last = items[items.length - 1]
    const first = items[0]
    return {
      status: 200,
      json: {
        end: start + Math.max(items.length, 1) - 1,
        first_page_uri: pageUri(0),
        incoming_phone_numbers: items.map(toIncomingNumberResource),
        next_page_uri: last && start + pageSize < owned.length ? pageUri(page + 1, `PA${last.sid}`) : null,
        page,
        page_size: pageSize,
        previous_page_uri: page > 0 ? pageUri(page - 1, first ? `PB${first.sid}` : undefined) : null,
        start,
        uri: pageUri(page, request.query.get('PageToken') ?? undefined),
      },
    }
  })

  return {
    url: server.url,
    defaultAccount,
    messages,
    requests: server.requests,
    addAccount: registerAccount,
    addIncomingNumber(accountSid, number) {
      if (!E164.test(number.phoneNumber)) throw new Error(`fake Twilio: ${number.phoneNumber} is not E.164`)
      const added: FakeTwilioIncomingNumber = {
        sid: newSid('PN'),
        accountSid,
        phoneNumber: number.phoneNumber,
        friendlyName: number.friendlyName ?? friendlyPhoneNumber(number.phoneNumber),
        capabilities: { voice: true, sms: true, mms: true, fax: false, ...number.capabilities },
        dateCreated: new Date(),
      }
      incomingNumbers.push(added)
      return added
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

/** The Account resource; like Twilio, it carries the account's auth token. */
function toAccountResource(sid: string, authToken: string, details: Required<FakeTwilioAccountDetails> & { dateCreated: Date }) {
  const uri = `/${API_VERSION}/Accounts/${sid}`
  const date = rfc2822(details.dateCreated)
  return {
    auth_token: authToken,
    date_created: date,
    date_updated: date,
    friendly_name: details.friendlyName,
    owner_account_sid: sid,
    sid,
    status: details.status,
    subresource_uris: {
      incoming_phone_numbers: `${uri}/IncomingPhoneNumbers.json`,
      messages: `${uri}/Messages.json`,
    },
    type: details.type,
    uri: `${uri}.json`,
  }
}

function toIncomingNumberResource(number: FakeTwilioIncomingNumber) {
  const uri = `/${API_VERSION}/Accounts/${number.accountSid}/IncomingPhoneNumbers/${number.sid}`
  const date = rfc2822(number.dateCreated)
  return {
    account_sid: number.accountSid,
    address_requirements: 'none',
    address_sid: null,
    api_version: API_VERSION,
    beta: false,
    bundle_sid: null,
    capabilities: { ...number.capabilities },
    date_created: date,
    date_updated: date,
    emergency_address_sid: null,
    emergency_address_status: 'unregistered',
    emergency_status: 'Inactive',
    friendly_name: number.friendlyName,
    identity_sid: null,
    origin: 'twilio',
    phone_number: number.phoneNumber,
    sid: number.sid,
    sms_application_sid: '',
    sms_fallback_method: 'POST',
    sms_fallback_url: '',
    sms_method: 'POST',
    sms_url: '',
    status: 'in-use',
    status_callback: '',
    status_callback_method: 'POST',
    subresource_uris: { assigned_add_ons: `${uri}/AssignedAddOns.json` },
    trunk_sid: null,
    type: 'local',
    uri: `${uri}.json`,
    voice_application_sid: null,
    voice_caller_id_lookup: false,
    voice_fallback_method: 'POST',
    voice_fallback_url: null,
    voice_method: 'POST',
    voice_receive_mode: 'voice',
    voice_url: null,
  }
}

/** `+15125550100` → `(512) 555-0100`, as Twilio names a new US number. */
function friendlyPhoneNumber(e164: string): string {
  const match = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164)
  return match ? `(${match[1]}) ${match[2]}-${match[3]}` : e164
}

/** A non-negative integer query parameter; `fallback` when absent, null when malformed. */
function pageParameter(value: string | null, fallback: number): number | null {
  if (value === null) return fallback
  return /^\d{1,9}$/.test(value) ? Number(value) : null
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
