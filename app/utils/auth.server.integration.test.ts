import { describe, expect, it, vi } from 'vitest'
import { prisma } from '~/utils/db.server'
import { createUser, sessionCookieFor } from '../../tests/support/factories'
import { getUser, requireUser } from './auth.server'

describe('the session lookup', () => {
  it('runs once for all the loaders of one page load', async () => {
    const user = await createUser()
    const request = new Request('http://localhost:3000/dashboard', { headers: { cookie: await sessionCookieFor(user.id) } })
    const lookups = vi.spyOn(prisma.session, 'findUnique')
    try {
      const [root, layout, page] = await Promise.all([getUser(request), requireUser(request), requireUser(request)])
      expect([root?.id, layout.id, page.id]).toEqual([user.id, user.id, user.id])
      expect(lookups).toHaveBeenCalledTimes(1)
    } finally {
      lookups.mockRestore()
    }
  })

  it('is repeated for a form POST, whose loaders must see what the action changed', async () => {
    const user = await createUser()
    const cookie = await sessionCookieFor(user.id)
    const post = () =>
      new Request('http://localhost:3000/account', { method: 'POST', headers: { cookie, 'Sec-Fetch-Site': 'same-origin' } })
    const request = post()
    expect((await requireUser(request)).name).toBe(user.name)
    await prisma.user.update({ where: { id: user.id }, data: { name: 'Renamed' } })
    expect((await requireUser(request)).name).toBe('Renamed')
  })
})
