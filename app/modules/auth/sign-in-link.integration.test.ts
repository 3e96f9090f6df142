import { describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { createUser } from '../../../tests/support/factories'
import { createSignInLink, SIGN_IN_LINK_TTL_MS } from './create-sign-in-link.server'
import { inspectSignInLink, redeemSignInLink } from './redeem-sign-in-link.server'
import { hashToken } from './tokens.server'

const baseUrl = 'http://localhost:3000'
const tokenOf = (url: string) => new URL(url).searchParams.get('token')!

describe('sign-in links', () => {
  it('work once for their user, then are refused as used', async () => {
    const user = await createUser()
    const { url, expiresAt } = await createSignInLink({ userId: user.id, baseUrl })
    expect(url).toMatch(/^http:\/\/localhost:3000\/signin\/link\?token=[\w-]{43}$/)
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(SIGN_IN_LINK_TTL_MS - 5_000)

    const token = tokenOf(url)
    expect(await inspectSignInLink(token)).toMatchObject({ state: 'valid', user: { id: user.id } })
    expect(await redeemSignInLink(token)).toEqual({ userId: user.id, purpose: 'sign_in' })
    expect(await inspectSignInLink(token)).toEqual({ state: 'used' })
    await expect(redeemSignInLink(token)).rejects.toMatchObject({ code: 'sign_in_link_used', status: 410 })
  })

  it('store only a hash of the token', async () => {
    const user = await createUser()
    const token = tokenOf((await createSignInLink({ userId: user.id, baseUrl })).url)
    const rows = await prisma.signInToken.findMany({ where: { userId: user.id } })
    expect(rows).toHaveLength(1)
    expect(rows[0]!.tokenHash).toBe(hashToken(token))
    expect(JSON.stringify(rows)).not.toContain(token)
  })

  it('expire after 15 minutes', async () => {
    const user = await createUser()
    const issued = new Date(Date.now() - SIGN_IN_LINK_TTL_MS - 1000)
    const token = tokenOf((await createSignInLink({ userId: user.id, baseUrl, now: issued })).url)
    expect(await inspectSignInLink(token)).toEqual({ state: 'expired' })
    await expect(redeemSignInLink(token)).rejects.toMatchObject({ code: 'sign_in_link_expired' })
  })

  it('let exactly one of two simultaneous redemptions through', async () => {
    const user = await createUser()
    const token = tokenOf((await createSignInLink({ userId: user.id, baseUrl })).url)
    const results = await Promise.allSettled([redeemSignInLink(token), redeemSignInLink(token), redeemSignInLink(token)])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
  })

  it('are refused for unknown tokens and disabled users', async () => {
    await expect(redeemSignInLink('x'.repeat(43))).rejects.toMatchObject({ code: 'sign_in_link_unknown', status: 400 })
    const user = await createUser()
    const token = tokenOf((await createSignInLink({ userId: user.id, baseUrl })).url)
    await prisma.user.update({ where: { id: user.id }, data: { status: 'disabled' } })
    expect(await inspectSignInLink(token)).toEqual({ state: 'disabled' })
    await expect(redeemSignInLink(token)).rejects.toMatchObject({ code: 'sign_in_link_disabled' })
    await expect(createSignInLink({ userId: user.id, baseUrl })).rejects.toMatchObject({ code: 'user_disabled' })
  })
})
