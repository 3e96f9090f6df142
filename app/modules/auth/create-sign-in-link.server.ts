import { prisma, type Prisma } from '~/utils/db.server'
import { AppError } from '~/utils/app-error'
import { generateToken, hashToken } from './tokens.server'

export const SIGN_IN_LINK_TTL_MS = 15 * 60 * 1000

export type SignInLinkPurpose = 'sign_in' | 'recovery'

/**
 * A single-use link that signs its holder in as the user. Only the hash is
 * stored; the token exists only in the returned URL.
 */
export async function createSignInLink(options: {
  userId: string
  baseUrl: string
  purpose?: SignInLinkPurpose
  now?: Date
  db?: Prisma.TransactionClient
}): Promise<{ url: string; expiresAt: Date }> {
  const db = options.db ?? prisma
  const user = await db.user.findUnique({ where: { id: options.userId }, select: { status: true } })
  if (!user) throw new AppError('user_not_found', 'No such user', 404)
  if (user.status !== 'active') throw new AppError('user_disabled', 'This user is disabled', 403)
  const token = generateToken()
  const now = options.now ?? new Date()
  const expiresAt = new Date(now.getTime() + SIGN_IN_LINK_TTL_MS)
  await db.signInToken.create({
    data: { userId: options.userId, tokenHash: hashToken(token), purpose: options.purpose ?? 'sign_in', expiresAt },
  })
  const url = new URL(options.purpose === 'recovery' ? '/recover/link' : '/signin/link', options.baseUrl)
  url.searchParams.set('token', token)
  return { url: url.href, expiresAt }
}
