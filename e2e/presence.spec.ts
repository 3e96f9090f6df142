import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'

const PRESENCE_TIMEOUT = 15_000

function avatarOf(page: Page, userId: string) {
  return page.locator(`[data-testid="presence-avatar"][data-user-id="${userId}"]`)
}

test('teammates on the same page see each other; other organizations never appear', async ({
  browser,
  createOrganization,
  createUser,
  login,
}) => {
  const organization = await createOrganization()
  const ada = await createUser({ organizationId: organization.id, name: 'Ada Lovelace' })
  const alan = await createUser({ organizationId: organization.id, name: 'Alan Turing' })
  const outsider = await createUser({ name: 'Eve Outsider' })

  const contexts = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext()])
  try {
    const [adaPage, alanPage, outsiderPage] = await Promise.all(contexts.map((context) => context.newPage())) as [
      Page,
      Page,
      Page,
    ]
    await login(adaPage, ada)
    await login(alanPage, alan)
    await login(outsiderPage, outsider)

    // The outsider is on /dashboard first and stays there throughout.
    await outsiderPage.goto('/dashboard')
    await expect(outsiderPage.getByTestId('presence')).toHaveAttribute('data-status', 'connected', {
      timeout: PRESENCE_TIMEOUT,
    })
    await Promise.all([adaPage.goto('/dashboard'), alanPage.goto('/dashboard')])

    await expect(avatarOf(adaPage, alan.id)).toBeVisible({ timeout: PRESENCE_TIMEOUT })
    await expect(avatarOf(alanPage, ada.id)).toBeVisible({ timeout: PRESENCE_TIMEOUT })
    await expect(adaPage.getByTestId('presence')).toHaveAccessibleName('Also here: Alan Turing')
    await expect(alanPage.getByTestId('presence')).toHaveAccessibleName('Also here: Ada Lovelace')

    // Both are connected and see exactly each other: the outsider, in the
    // same page of another organization, is in none of their rooms.
    await expect(adaPage.getByTestId('presence-avatar')).toHaveCount(1)
    await expect(alanPage.getByTestId('presence-avatar')).toHaveCount(1)
    await expect(avatarOf(adaPage, outsider.id)).toHaveCount(0)
    await expect(avatarOf(alanPage, outsider.id)).toHaveCount(0)
    await expect(outsiderPage.getByTestId('presence')).toHaveAttribute('data-status', 'connected')
    await expect(outsiderPage.getByTestId('presence-avatar')).toHaveCount(0)

    // Ada moves to /leads: she leaves the dashboard room, and is alone on /leads.
    await adaPage.getByTestId('sidebar').getByRole('link', { name: 'Leads' }).click()
    await expect(adaPage).toHaveURL('/leads')
    await expect(avatarOf(alanPage, ada.id)).toHaveCount(0, { timeout: PRESENCE_TIMEOUT })
    await expect(alanPage.getByTestId('presence')).toHaveAccessibleName('Nobody else is here')
    await expect(adaPage.getByTestId('presence')).toHaveAttribute('data-status', 'connected', {
      timeout: PRESENCE_TIMEOUT,
    })
    await expect(adaPage.getByTestId('presence-avatar')).toHaveCount(0)

    // Alan follows her: they meet again on /leads.
    await alanPage.getByTestId('sidebar').getByRole('link', { name: 'Leads' }).click()
    await expect(avatarOf(adaPage, alan.id)).toBeVisible({ timeout: PRESENCE_TIMEOUT })
    await expect(avatarOf(alanPage, ada.id)).toBeVisible({ timeout: PRESENCE_TIMEOUT })
    await expect(outsiderPage.getByTestId('presence-avatar')).toHaveCount(0)
  } finally {
    await Promise.all(contexts.map((context) => context.close()))
  }
})

test('realtime tokens are only for signed-in users, for rooms of their own organization', async ({
  page,
  request,
  createOrganization,
  createUser,
  login,
}) => {
  const user = await createUser()
  const otherOrganization = await createOrganization()
  await login(page, user)

  const own = await page.request.post('/api/liveblocks-auth', {
    data: { room: `org:${user.organizationId}:page:/dashboard` },
  })
  expect(own.status()).toBe(200)
  expect(await own.json()).toHaveProperty('token', expect.any(String))

  const foreign = await page.request.post('/api/liveblocks-auth', {
    data: { room: `org:${otherOrganization.id}:page:/dashboard` },
  })
  // Another organization's room is "not found", never "forbidden".
  expect(foreign.status()).toBe(404)
  expect(await foreign.text()).not.toContain('token')

  // A prefix trick: the other organization's id with ours glued on is still not ours.
  const sneaky = await page.request.post('/api/liveblocks-auth', {
    data: { room: `org:${otherOrganization.id}:org:${user.organizationId}:page:/dashboard` },
  })
  expect(sneaky.status()).toBe(404)

  const anonymous = await request.post('/api/liveblocks-auth', {
    data: { room: `org:${user.organizationId}:page:/dashboard` },
  })
  expect(anonymous.status()).toBe(401)
  expect(await anonymous.text()).not.toContain('token')
})

test('presence works through the app’s own origin, as on a phone that reaches the app but not the dev server', async ({
  playwright,
  app,
  createOrganization,
  createUser,
}, testInfo) => {
  // A host name that is not loopback to the browser (a LAN address on a
  // phone). The browser resolves it to this machine, where the app listens;
  // every other host, the dev server's 127.0.0.1 port included, is cut off,
  // as it would be for the phone.
  const port = new URL(testInfo.project.use.baseURL!).port
  const phoneHost = `esd-phone.test:${port}`
  const origin = `http://${phoneHost}`
  const launchOptions = testInfo.project.use.launchOptions ?? {}
  const browser = await playwright.chromium.launch({
    ...launchOptions,
    args: [...(launchOptions.args ?? []), '--host-resolver-rules=MAP esd-phone.test 127.0.0.1'],
  })
  const organization = await createOrganization()
  const ada = await createUser({ organizationId: organization.id, name: 'Ada Lovelace' })
  const alan = await createUser({ organizationId: organization.id, name: 'Alan Turing' })
  const { serializeSessionToken } = await import('~/utils/session.server')

  const sockets: string[] = []
  const requests: string[] = []
  const phoneFor = async (user: { id: string }) => {
    const context = await browser.newContext({ baseURL: origin })
    await context.routeWebSocket((url) => url.host !== phoneHost, (ws) => ws.close())
    await context.route((url) => url.host !== phoneHost, (route) => route.abort())
    const { token } = await app.createSession({ userId: user.id, userAgent: 'playwright e2e phone' })
    const [pair] = (await serializeSessionToken(token, new Request(origin))).split(';')
    const separator = pair!.indexOf('=')
    await context.addCookies([{ name: pair!.slice(0, separator), value: pair!.slice(separator + 1), url: origin, httpOnly: true, sameSite: 'Lax' }])
    const page = await context.newPage()
    page.on('websocket', (ws) => sockets.push(ws.url()))
    page.on('request', (request) => requests.push(request.url()))
    return page
  }

  try {
    const [adaPage, alanPage] = await Promise.all([phoneFor(ada), phoneFor(alan)])
    await Promise.all([adaPage.goto('/dashboard'), alanPage.goto('/dashboard')])
    await expect(avatarOf(adaPage, alan.id)).toBeVisible({ timeout: PRESENCE_TIMEOUT })
    await expect(avatarOf(alanPage, ada.id)).toBeVisible({ timeout: PRESENCE_TIMEOUT })
    await expect(adaPage.getByTestId('presence')).toHaveAccessibleName('Also here: Alan Turing')

    // Every realtime connection went to the page's own origin: the Liveblocks
    // room socket (/v8) through our proxy, never to the dev server's port.
    expect(sockets.length).toBeGreaterThanOrEqual(2)
    for (const socket of sockets) expect(socket).toMatch(new RegExp(`^ws://${phoneHost}/v8\\?`))
    expect(requests.filter((url) => !url.startsWith(`${origin}/`))).toEqual([])
  } finally {
    await browser.close()
  }
})
