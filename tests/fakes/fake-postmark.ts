import { randomBytes, randomUUID } from 'node:crypto'
import { startFakeHttpServer, type FakeReply, type FakeRequest } from './fake-http-server'

/**
 * The Postmark email API (`POST /email`), as much of it as we call, over real
 * HTTP. Point the real SDK at `url` (see `createPostmarkClient({ apiBaseUrl })`).
 * Errors use Postmark's shape: `{ ErrorCode, Message }` with HTTP 401 for a
 * bad token and 422 for a message Postmark will not accept.
 */

export type FakePostmarkMessage = {
  messageId: string
  from: string
  to: string
  cc: string | null
  bcc: string | null
  replyTo: string | null
  subject: string
  textBody: string | null
  htmlBody: string | null
  tag: string | null
  messageStream: string
  metadata: Record<string, string>
  submittedAt: Date
}

export type FakePostmarkFailure =
  | { status: number; errorCode: number; message: string }
  | { network: 'reset' | 'hang' }

export type FakePostmark = {
  url: string
  /** The one server token the fake accepts. */
  serverToken: string
  /** Messages Postmark accepted (answered 200), in order. */
  messages: FakePostmarkMessage[]
  /** Every HTTP request received, accepted or not. */
  requests: FakeRequest[]
  /** The next send to `to` fails this way instead; queue several by calling again. */
  failNextFor: (to: string, failure: FakePostmarkFailure) => void
  /** Like a hard bounce or spam complaint: every later send to `address` is refused with 406. */
  deactivateRecipient: (address: string) => void
  close: () => Promise<void>
}

/** Postmark's error codes for the cases the fake reproduces. */
export const POSTMARK_ERROR = {
  badToken: 10,
  invalidEmailRequest: 300,
  invalidJson: 402,
  jsonRequired: 409,
  inactiveRecipient: 406,
} as const

const ADDRESS = /^[^\s<>@,;]+@[^\s<>@,;]+\.[^\s<>@,;]+$/

export async function startFakePostmark(): Promise<FakePostmark> {
  const server = await startFakeHttpServer()
  const serverToken = randomBytes(18).toString('hex')
  const messages: FakePostmarkMessage[] = []
  const failures = new Map<string, FakePostmarkFailure[]>()
  const inactive = new Set<string>()

  server.route('POST', '/email', (request) => {
    const token = header(request, 'x-postmark-server-token')
    if (!token) {
      return postmarkError(
        401,
        POSTMARK_ERROR.badToken,
        'No Account or Server API tokens were supplied in the HTTP headers. Please add a header for either X-Postmark-Server-Token or X-Postmark-Account-Token.',
      )
    }
    if (token !== serverToken) {
      return postmarkError(
        401,
        POSTMARK_ERROR.badToken,
        'The Server Token you provided in the X-Postmark-Server-Token request header was invalid. Please verify that you are using a valid token.',
      )
    }
    if (!header(request, 'content-type')?.toLowerCase().startsWith('application/json')) {
      return postmarkError(422, POSTMARK_ERROR.jsonRequired, "The 'Content-Type' header must be 'application/json'.")
    }
    if (!isRecord(request.body)) return postmarkError(422, POSTMARK_ERROR.invalidJson, 'Received invalid JSON input.')

    const body = request.body
    const from = stringField(body.From)
    const to = stringField(body.To)
    const subject = stringField(body.Subject)
    const textBody = stringField(body.TextBody)
    const htmlBody = stringField(body.HtmlBody)

    if (!from || !ADDRESS.test(addressOf(from))) {
      return postmarkError(422, POSTMARK_ERROR.invalidEmailRequest, `Invalid 'From' address: '${from ?? ''}'.`)
    }
    if (!to) return postmarkError(422, POSTMARK_ERROR.invalidEmailRequest, 'Zero recipients specified')
    const recipients = splitAddresses(to)
    const invalid = recipients.find((address) => !ADDRESS.test(address))
    if (invalid !== undefined) {
      return postmarkError(422, POSTMARK_ERROR.invalidEmailRequest, `Invalid 'To' address: '${invalid}'.`)
    }
    if (!subject) return postmarkError(422, POSTMARK_ERROR.invalidEmailRequest, "The 'Subject' field is required.")
    if (!textBody && !htmlBody) {
      return postmarkError(422, POSTMARK_ERROR.invalidEmailRequest, 'Provide either email TextBody or HtmlBody or both.')
    }

    for (const recipient of recipients) {
      const failure = failures.get(recipient)?.shift()
      if (failure) return 'network' in failure ? failure : postmarkError(failure.status, failure.errorCode, failure.message)
    }
    const inactiveRecipients = recipients.filter((address) => inactive.has(address))
    if (inactiveRecipients.length > 0) {
      return postmarkError(
        422,
        POSTMARK_ERROR.inactiveRecipient,
        `You tried to send to recipient(s) that have been marked as inactive. Found inactive addresses: ${inactiveRecipients.join(', ')}. Inactive recipients are ones that have generated a hard bounce, a spam complaint, or a manual suppression.`,
      )
    }

    const message: FakePostmarkMessage = {
      messageId: randomUUID(),
      from,
      to,
      cc: stringField(body.Cc) ?? null,
      bcc: stringField(body.Bcc) ?? null,
      replyTo: stringField(body.ReplyTo) ?? null,
      subject,
      textBody: textBody ?? null,
      htmlBody: htmlBody ?? null,
      tag: stringField(body.Tag) ?? null,
      messageStream: stringField(body.MessageStream) ?? 'outbound',
      metadata: isRecord(body.Metadata) ? stringValues(body.Metadata) : {},
      submittedAt: new Date(),
    }
    messages.push(message)
    return {
      status: 200,
      json: { To: to, SubmittedAt: message.submittedAt.toISOString(), MessageID: message.messageId, ErrorCode: 0, Message: 'OK' },
    }
  })

  return {
    url: server.url,
    serverToken,
    messages,
    requests: server.requests,
    failNextFor(to, failure) {
      const key = to.toLowerCase()
      failures.set(key, [...(failures.get(key) ?? []), failure])
    },
    deactivateRecipient(address) {
      inactive.add(address.toLowerCase())
    },
    close: server.close,
  }
}

function postmarkError(status: number, errorCode: number, message: string): FakeReply {
  return { status, json: { ErrorCode: errorCode, Message: message } }
}

function header(request: FakeRequest, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** `a@x.test, "B" <b@x.test>` → `['a@x.test', 'b@x.test']`, lower-cased. */
function splitAddresses(list: string): string[] {
  return list
    .split(',')
    .map((part) => addressOf(part).toLowerCase())
    .filter((part) => part !== '')
}

function addressOf(mailbox: string): string {
  const angled = /<([^<>]*)>\s*$/.exec(mailbox)
  return (angled ? angled[1]! : mailbox).trim()
}

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined
}

function stringValues(record: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, String(value)]))
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
