import { AppError } from '~/utils/app-error'
import { prisma, type Prisma } from '~/utils/db.server'
import { STEP_UP_WINDOW_MS, StepUpRequiredError } from './step-up'

/**
 * Refuses a sensitive change unless the session proved possession of one of
 * the user's passkeys within the last five minutes (a passkey sign-in or a
 * step-up assertion). An account without any passkey cannot make that proof,
 * so for its first passkey (`firstPasskey`) the sign-in itself counts: a
 * session started less than five minutes ago, necessarily by a one-time link
 * (docs/decisions/012). Returns where the session is, for the notice email.
 */
export async function assertRecentPasskeyProof(options: {
  userId: string
  sessionId: string
  firstPasskey?: boolean
  now?: Date
  db?: Prisma.TransactionClient
}): Promise<{ ip: string | null; userAgent: string | null }> {
  const now = options.now ?? new Date()
  const db = options.db ?? prisma
  const session = await db.session.findUnique({
    where: { id: options.sessionId },
    select: {
      userId: true,
      kind: true,
      createdAt: true,
      expiresAt: true,
      revokedAt: true,
      passkeyVerifiedAt: true,
      ip: true,
      userAgent: true,
      user: { select: { _count: { select: { passkeys: true } } } },
    },
  })
  // Someone else's session, an ended one or a recovery session proves nothing here.
  if (!session || session.userId !== options.userId || session.kind !== 'full' || session.revokedAt || session.expiresAt <= now) {
    throw new StepUpRequiredError()
  }
  const within = (moment: Date | null) => moment !== null && now.getTime() - moment.getTime() <= STEP_UP_WINDOW_MS
  const where = { ip: session.ip, userAgent: session.userAgent }
  if (within(session.passkeyVerifiedAt)) return where

  if (session.user._count.passkeys > 0) throw new StepUpRequiredError()
  if (!options.firstPasskey) {
    throw new AppError('passkey_required', 'Add a passkey to your account first: changes like this one are confirmed with it.', 403)
  }
  if (within(session.createdAt)) return where
  throw new AppError(
    'first_passkey_window_passed',
    'Your first passkey has to be added within 5 minutes of signing in with a one-time link. Ask for a new link (or use “Lost your passkey?” on the sign-in page) and add it right away.',
    403,
  )
}
