import { decodeClientDataJSON } from '@simplewebauthn/server/helpers'
import { prisma, type Prisma } from '~/utils/db.server'
import { AppError } from '~/utils/app-error'

export const CHALLENGE_TTL_MS = 2 * 60 * 1000

type Purpose = 'registration' | 'authentication' | 'step_up'

export async function storeChallenge(options: {
  challenge: string
  purpose: Purpose
  userId?: string | null
  invitationId?: string | null
  /** Step-up only: the session the proof is for. */
  sessionId?: string | null
  context?: Prisma.InputJsonValue
  now?: Date
}) {
  const now = options.now ?? new Date()
  await prisma.webAuthnChallenge.create({
    data: {
      challenge: options.challenge,
      purpose: options.purpose,
      userId: options.userId ?? null,
      invitationId: options.invitationId ?? null,
      sessionId: options.sessionId ?? null,
      context: options.context,
      createdAt: now,
      expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS),
    },
  })
}

/** The challenge the browser signed, read from the response's client data. */
export function challengeOf(response: { response: { clientDataJSON: string } }): string {
  try {
    return decodeClientDataJSON(response.response.clientDataJSON).challenge
  } catch {
    throw new AppError('webauthn_malformed', 'The passkey response could not be read. Try again.', 400)
  }
}

/**
 * Takes the challenge out of the database: DELETE … RETURNING lets exactly one
 * request use it, so a replayed response finds nothing. Expired challenges are
 * deleted as well, and refused. In the caller's transaction (`db`) the
 * challenge is spent only if that transaction commits.
 */
export async function consumeChallenge(options: { challenge: string; purpose: Purpose; now?: Date; db?: Prisma.TransactionClient }) {
  const now = options.now ?? new Date()
  const rows = await (options.db ?? prisma).$queryRaw<
    { challenge: string; user_id: string | null; invitation_id: string | null; session_id: string | null; context: unknown; expires_at: Date }[]
  >`DELETE FROM webauthn_challenges
     WHERE challenge = ${options.challenge} AND purpose = ${options.purpose}::"WebAuthnChallengePurpose"
     RETURNING challenge, user_id, invitation_id, session_id, context, expires_at`
  const raw = rows[0]
  const row = raw && {
    challenge: raw.challenge,
    userId: raw.user_id,
    invitationId: raw.invitation_id,
    sessionId: raw.session_id,
    context: raw.context,
    expiresAt: raw.expires_at,
  }
  if (!row) {
    throw new AppError('webauthn_challenge_unknown', 'This passkey request was already used or never issued. Try again.', 400)
  }
  if (row.expiresAt <= now) {
    throw new AppError('webauthn_challenge_expired', 'This passkey request took longer than 2 minutes. Try again.', 400)
  }
  return row
}
