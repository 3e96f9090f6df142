import { formatUtc } from '~/components/ui/utc-time'
import { EMAIL_TAG } from '~/modules/integrations/email/email-tags'
import { sendEmail } from '~/modules/integrations/email/send-email.server'
import type { Prisma } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { describeUserAgent } from '~/utils/user-agent'

export type AccountChange =
  | { kind: 'passkey-added'; passkeyName: string }
  | { kind: 'account-recovered'; passkeyName: string; sessionsEnded: number }
  | { kind: 'passkey-removed'; passkeyName: string; sessionsEnded: number }
  | { kind: 'recovery-codes-generated' }
  | { kind: 'api-key-created'; name: string; prefix: string; scopes: string[]; organizationName: string }

function describe(change: AccountChange, appUrl: string): { subject: string; what: string; alsoDo?: string } {
  switch (change.kind) {
    case 'passkey-added':
      return {
        subject: 'A passkey was added to your esd.quest account',
        what: `A new passkey, “${change.passkeyName}”, can now sign in to your account.`,
      }
    case 'account-recovered':
      return {
        subject: 'Your esd.quest account was recovered',
        what: `Your account was recovered and a new passkey, “${change.passkeyName}”, was added. ${sessionsText(change.sessionsEnded, 'other ')}`,
      }
    case 'passkey-removed':
      return {
        subject: 'A passkey was removed from your esd.quest account',
        what: `The passkey “${change.passkeyName}” can no longer sign in to your account. ${sessionsText(change.sessionsEnded, '')}`,
      }
    case 'recovery-codes-generated':
      return {
        subject: 'New recovery codes were made for your esd.quest account',
        what: 'Ten new recovery codes were made for your account; the previous ones no longer work.',
      }
    case 'api-key-created':
      return {
        subject: `A new API key was created for ${change.organizationName}`,
        what: `You created the API key “${change.name}” (${change.prefix}…, scopes: ${change.scopes.join(', ')}) for ${change.organizationName}. It can act for the whole organization within those scopes.`,
        alsoDo: `Revoke the key under Settings › API keys (${new URL('/settings/api-keys', appUrl).href}).`,
      }
  }
}

const sessionsText = (count: number, other: string) =>
  count === 1 ? `One ${other}session was ended.` : `${count === 0 ? 'No' : count} ${other}sessions were ended.`

/**
 * Tells the user, in the transaction that made it, that the way their
 * account signs in changed (or that they created an API key): what, when,
 * from which device and address, and what to do if it was not them. The
 * email carries no secret.
 */
export async function notifyAccountChange(options: {
  db: Prisma.TransactionClient
  userId: string
  change: AccountChange
  at: Date
  ip: string | null
  userAgent: string | null
  organizationId?: string | null
}) {
  const user = await options.db.user.findUniqueOrThrow({ where: { id: options.userId }, select: { email: true, name: true } })
  const env = getEnv()
  const appUrl = env.APP_URL ?? `http://localhost:${env.PORT}`
  const { subject, what, alsoDo } = describe(options.change, appUrl)
  const steps = [
    `Open Your account (${new URL('/account', appUrl).href}): remove any passkey you do not recognise, end the sessions you do not know (or sign out everywhere) and make new recovery codes.`,
    ...(alsoDo ? [alsoDo] : []),
    `If you cannot sign in, recover your account at ${new URL('/recover', appUrl).href} and tell your administrator.`,
  ]
  await sendEmail({
    db: options.db,
    to: user.email,
    organizationId: options.organizationId ?? null,
    tag: EMAIL_TAG.securityNotice,
    carriesSecret: false,
    subject,
    text: [
      `Hello ${user.name},`,
      '',
      what,
      '',
      `When: ${formatUtc(options.at.toISOString())}`,
      `From: ${describeUserAgent(options.userAgent)}, IP address ${options.ip ?? 'unknown'}`,
      '',
      'If this was you, there is nothing to do.',
      '',
      'If it was not you, someone else may be signed in as you:',
      ...steps.map((step, i) => `${i + 1}. ${step}`),
    ].join('\n'),
  })
}
