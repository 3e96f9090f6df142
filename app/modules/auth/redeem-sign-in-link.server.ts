import { prisma, type Prisma } from '~/utils/db.server'
import { AppError } from '~/utils/app-error'
import { hashToken } from './tokens.server'

export type SignInLinkState =
  | { state: 'valid'; user: { id: string; email: string; name: string } }
  | { state: 'used' | 'expired' | 'unknown' | 'disabled' }

const messages = {
  unknown: 'This sign-in link is not valid. Ask for a new one.',
  used: 'This sign-in link has already been used. Each link works once; ask for a new one.',
  expired: 'This sign-in link has expired (links last 15 minutes). Ask for a new one.',
  disabled: 'This account is disabled. Ask an administrator.',
} as const

export function signInLinkMessage(state: Exclude<SignInLinkState['state'], 'valid'>) {
  return messages[state]
}

type Purpose = 'sign_in' | 'recovery'

/** Looks at a link without using it up (for the confirmation page). */
export async function inspectSignInLink(token: string, now = new Date(), purpose: Purpose = 'sign_in'): Promise<SignInLinkState> {
  const row = await prisma.signInToken.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { user: { select: { id: true, email: true, name: true, status: true } } },
  })
  // A link is only good at the door it was made for.
  if (!row || row.purpose !== purpose) return { state: 'unknown' }
  if (row.usedAt) return { state: 'used' }
  if (row.expiresAt <= now) return { state: 'expired' }
  if (row.user.status !== 'active') return { state: 'disabled' }
  return { state: 'valid', user: { id: row.user.id, email: row.user.email, name: row.user.name } }
}

/**
 * Uses the link up and returns its user. The conditional UPDATE makes two
 * simultaneous redemptions impossible: exactly one of them gets the row.
 * Pass `db` to spend the link in the transaction that uses it.
 */
export async function redeemSignInLink(
  token: string,
  now = new Date(),
  purpose: Purpose = 'sign_in',
  db: Prisma.TransactionClient | typeof prisma = prisma,
): Promise<{ userId: string; purpose: string }> {
  const claimed = await db.signInToken.updateManyAndReturn({
    where: { tokenHash: hashToken(token), purpose, usedAt: null, expiresAt: { gt: now }, user: { status: 'active' } },
    data: { usedAt: now },
    select: { userId: true, purpose: true },
  })
  const row = claimed[0]
  if (row) return row
  const state = await inspectSignInLink(token, now, purpose)
  const reason = state.state === 'valid' ? 'used' : state.state
  throw new AppError(`sign_in_link_${reason}`, signInLinkMessage(reason), reason === 'unknown' ? 400 : 410)
}
