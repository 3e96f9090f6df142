import { callApi } from './api'
import { expect, test } from './fixtures'

/**
 * /api/docs is enough to integrate: the guide's sections, every operation of
 * the served OpenAPI document, and a curl command that works as printed once
 * the key is filled in. (The CSP and accessibility guards visit it with every
 * other page: e2e/pages.ts.)
 */

type Spec = { paths: Record<string, Record<string, { operationId: string; summary: string }>> }

test('the API reference shows the guide and every operation, and its curl command works as printed', async ({ page, request, createUser }) => {
  await page.goto('/api/docs')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('esd.quest API reference')
  for (const section of ['Authentication', 'Scopes', 'Errors', 'Rate limits', 'Idempotency', 'Pagination']) {
    await expect(page.getByRole('heading', { level: 2, name: section })).toBeVisible()
  }

  const spec = (await callApi<Spec>(request, { path: '/api/v1/openapi.json' })).body
  const operations = Object.entries(spec.paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ path, method, ...operation })))
  expect(operations.length).toBeGreaterThan(1)
  for (const operation of operations) {
    const section = page.locator(`section#${operation.operationId}`)
    await expect(section.getByRole('heading', { level: 3 })).toHaveText(operation.summary)
    await expect(section.getByText(operation.method.toUpperCase(), { exact: true }).first()).toBeVisible()
    await expect(section.getByText(operation.path, { exact: true })).toBeVisible()
  }
  // The navigation reaches an operation.
  await page.getByRole('navigation', { name: 'On this page' }).getByRole('link', { name: /The calling key/ }).click()
  await expect(page).toHaveURL(/#getMe$/)

  // Follow the page: copy GET /api/v1/me's command, put a real key in, run it.
  const command = await page.locator('section#getMe').getByText(/^curl /).textContent()
  const url = command!.match(/curl -X GET '([^']+)'/)![1]!
  const headers = Object.fromEntries([...command!.matchAll(/-H "([^:]+): ([^"]+)"/g)].map((m) => [m[1]!, m[2]!]))
  expect(Object.keys(headers)).toEqual(['Authorization'])

  const admin = await createUser({ role: 'admin' })
  const [{ createApiKey }, { createSession }, { hashToken }] = await Promise.all([
    import('~/modules/integrations/create-api-key.server'),
    import('~/modules/auth/sessions.server'),
    import('~/modules/auth/tokens.server'),
  ])
  const sessionId = hashToken((await createSession({ userId: admin.id, passkeyVerified: true })).token)
  const actor = { type: 'user' as const, userId: admin.id, organizationId: admin.organizationId, label: admin.email }
  const { key } = await createApiKey({ organizationId: admin.organizationId, actor, sessionId, name: 'From the docs', scopes: ['leads:read'] })

  const me = await callApi<{ organization: { id: string } }>(request, {
    path: new URL(url).pathname,
    headers: { Authorization: headers.Authorization!.replace('$ESD_API_KEY', key) },
  })
  expect(me.status).toBe(200)
  expect(me.body.organization.id).toBe(admin.organizationId)
})
