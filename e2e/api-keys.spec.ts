import { callApi } from './api'
import { expect, test } from './fixtures'
import { confirmWithPasskey, open } from './ui'
import { VirtualAuthenticators } from './webauthn'

test('an API key is shown once, authenticates /api/v1/me, and is refused once revoked', async ({
  page,
  context,
  request,
  createUser,
  login,
  emails,
}) => {
  const admin = await createUser({ role: 'admin' })
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  // Creating a key is confirmed with a passkey, so the admin adds one first (a
  // new account may, within 5 minutes of signing in).
  const authenticators = await VirtualAuthenticators.attach(page)
  const laptop = await authenticators.add()
  await login(page, admin)
  await page.goto('/account')
  const addPasskey = page.getByRole('button', { name: 'Add a passkey' })
  await expect(addPasskey).toBeEnabled()
  await addPasskey.click()
  await expect(page.getByTestId('passkey-row')).toHaveCount(1)
  const [passkeyId] = await authenticators.credentialIds(laptop)
  const assertions = await authenticators.signCount(laptop, passkeyId!)

  await page.goto('/settings/api-keys')
  await expect(page.getByText('No API keys yet')).toBeVisible()

  await page.getByLabel('Name', { exact: true }).fill('CRM sync')
  await page.getByRole('checkbox', { name: /^leads:read\b/ }).check()
  await page.getByRole('button', { name: 'Create key' }).click()
  // Registering the passkey was no assertion: the key waits for "Confirm with your passkey".
  await expect(page.getByTestId('new-api-key')).toHaveCount(0)
  await confirmWithPasskey(page)
  expect(await authenticators.signCount(laptop, passkeyId!)).toBe(assertions + 1)
  const notice = page.getByTestId('new-api-key')
  await expect(notice.getByRole('heading')).toHaveText('Copy the key “CRM sync” now')
  const shown = await notice.getByLabel('New API key').inputValue()
  expect(shown).toMatch(/^esd_test_[0-9A-Za-z]{43}$/)

  // Copy it as the admin would.
  await open(notice.getByRole('button', { name: 'Copy' }), notice.getByText('Copied to the clipboard.'))
  const key = await page.evaluate(() => navigator.clipboard.readText())
  expect(key).toBe(shown)

  const row = page.getByTestId('api-key-row').filter({ hasText: 'CRM sync' })
  await expect(row).toHaveCount(1)
  const prefix = key.slice(0, 'esd_test_'.length + 4)
  await expect(row.getByRole('cell').nth(1)).toHaveText(`${prefix}…`)
  await expect(row.getByRole('list', { name: 'Scopes' }).getByRole('listitem')).toHaveText(['leads:read'])
  await expect(page.getByTestId('api-key-row')).toHaveCount(1)

  // The admin is told by email, which names the key by its prefix and never holds it.
  const email = await emails.latest(admin.email, 'security-notice')
  expect(email.subject).toBe(`A new API key was created for ${admin.organization.name}`)
  expect(email.text).toContain(`“CRM sync” (${prefix}…, scopes: leads:read)`)
  expect(email.text).not.toContain(key)

  const me = await callApi(request, { path: '/api/v1/me', key })
  expect(me.status).toBe(200)
  expect(me.body).toEqual({
    apiKey: expect.objectContaining({ name: 'CRM sync', prefix, scopes: ['leads:read'] }),
    organization: {
      id: admin.organization.id,
      name: admin.organization.name,
      slug: admin.organization.slug,
      environment: 'test',
    },
  })
  const anonymous = await callApi<{ error: unknown }>(request, { path: '/api/v1/me', headers: { 'x-request-id': 'caller-trace-0001' } })
  expect(anonymous.status).toBe(401)
  expect(anonymous.headers.get('x-request-id')).toBe('caller-trace-0001')
  expect(anonymous.body.error).toMatchObject({ code: 'missing_api_key', requestId: 'caller-trace-0001' })

  // After a reload the key is gone for good: only its prefix is left, and the use is recorded.
  await page.reload()
  await expect(row).toHaveCount(1)
  await expect(page.getByTestId('new-api-key')).toHaveCount(0)
  expect(await page.content()).not.toContain(key)
  expect(await page.content()).not.toContain(key.slice(prefix.length))
  await expect(row.getByRole('cell').nth(1)).toHaveText(`${prefix}…`)
  await expect(row.getByRole('cell').nth(4)).not.toHaveText('Never')
  await expect(row.getByRole('cell').nth(6)).toHaveText('active')

  // Revoke, confirmed in a dialog.
  const dialog = page.getByRole('alertdialog', { name: 'Revoke “CRM sync”?' })
  await open(row.getByRole('button', { name: 'Revoke CRM sync' }), dialog)
  await expect(dialog).toContainText(`Every request with ${prefix}… will be refused at once.`)
  await dialog.getByRole('button', { name: 'Revoke key' }).click()
  await expect(dialog).toBeHidden()
  await expect(row.getByRole('cell').nth(6)).toHaveText('revoked')
  await expect(row.getByRole('button', { name: 'Revoke CRM sync' })).toHaveCount(0)

  const refused = await callApi<{ error: { code: string; requestId: string } }>(request, { path: '/api/v1/me', key })
  expect(refused.status).toBe(401)
  expect(refused.headers.get('www-authenticate')).toContain('Bearer realm="esd.quest"')
  const body = refused.body
  expect(body.error.code).toBe('api_key_revoked')
  expect(body.error.requestId).toBe(refused.headers.get('x-request-id'))
  expect(JSON.stringify(body)).not.toContain('CRM sync')
})
