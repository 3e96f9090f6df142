import { randomBytes } from 'node:crypto'
import { expect, test } from './fixtures'

test('an unknown URL renders the 404 page with the request id of that request and no stack trace', async ({ page }) => {
  const response = await page.goto(`/no-such-page-${randomBytes(4).toString('hex')}`)
  expect(response?.status()).toBe(404)
  const requestId = response?.headers()['x-request-id']
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/)

  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible()
  await expect(page.getByText('404', { exact: true })).toBeVisible()
  await expect(page.getByTestId('request-id')).toHaveText(requestId!)

  // The page after hydration: still no stack frames or source paths.
  await page.waitForLoadState('networkidle')
  await expect(page.getByTestId('request-id')).toHaveText(requestId!)
  const text = await page.locator('body').innerText()
  expect(text).not.toMatch(/^\s*at\s/m)
  expect(text).not.toMatch(/\.tsx?:\d+/)
  const html = await response!.text()
  expect(html).not.toMatch(/\n\s+at [\w.<>]+ \(/)
  expect(html).not.toMatch(/\.tsx?:\d+:\d+/)
})

test('a request id sent by the caller is echoed on the error page', async ({ page }) => {
  const requestId = `e2e-${randomBytes(6).toString('hex')}`
  await page.setExtraHTTPHeaders({ 'x-request-id': requestId })
  const response = await page.goto('/definitely/not/here')
  expect(response?.status()).toBe(404)
  expect(response?.headers()['x-request-id']).toBe(requestId)
  await expect(page.getByTestId('request-id')).toHaveText(requestId)
})

test('an error met by client-side navigation shows the request id of the data request that failed', async ({
  page,
  app,
  createUser,
  login,
}) => {
  const admin = await createUser({ role: 'admin' })
  await login(page, admin)
  await page.goto('/settings/team')
  await page.waitForLoadState('networkidle')

  // Demoted while the page is open: the API keys tab is still on screen, but no longer theirs.
  await app.prisma.user.update({ where: { id: admin.id }, data: { role: 'operator' } })
  const dataResponse = page.waitForResponse((response) => new URL(response.url()).pathname === '/settings/api-keys.data')
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'API keys' }).click()
  const response = await dataResponse
  expect(response.status()).toBe(403)
  const requestId = response.headers()['x-request-id']
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/)

  await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible()
  await expect(page).toHaveURL('/settings/api-keys')
  await expect(page.getByTestId('request-id')).toHaveText(requestId!)
})
