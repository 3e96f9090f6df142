import { startFakeGhl, type FakeGhl } from '../tests/fakes/fake-ghl'
import { expect, test } from './fixtures'

// The server under test calls GHL_API_URL, which playwright.config.ts points at this port.
const ghlPort = Number(process.env.E2E_GHL_PORT)

let fake: FakeGhl
test.beforeAll(async () => {
  fake = await startFakeGhl({ port: ghlPort })
})
test.afterAll(async () => {
  await fake?.close()
})

test('an admin connects GoHighLevel, tests it, sends a lead from its page and sees the push in the log', async ({
  page,
  createOrganization,
  createUser,
  login,
  app,
}) => {
  const org = await createOrganization({ environment: 'sandbox' })
  const admin = await createUser({ organizationId: org.id, role: 'admin' })
  const { createLeads, freshNumber } = await import('../tests/support/leads')
  const phone = freshNumber('512')
  const { leads } = await createLeads(org.id, [{ phone }])
  const lead = await app.prisma.lead.findUniqueOrThrow({ where: { id: leads[0]!.id }, include: { identity: true } })

  await login(page, admin)
  await page.goto('/settings/gohighlevel')
  await expect(page.getByRole('link', { name: 'GoHighLevel' })).toHaveAttribute('aria-current', 'page')
  await expect(page.getByText('No pushes yet')).toBeVisible()

  await page.getByLabel('Private Integration token').fill(fake.token)
  await page.getByLabel('Location ID').fill(fake.locationId)
  await page.getByLabel('Inbound Webhook URL (optional)').fill(fake.webhookUrl)
  await page.getByLabel('Tags to add').fill('esd.quest, hot lead')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Saved. The token is stored encrypted' })).toBeVisible()
  // The token is never sent back: the field is empty, the page names only its last four characters.
  await expect(page.getByLabel('Private Integration token')).toHaveValue('')
  await expect(page.getByText(`Saved token ends in ${fake.token.slice(-4)}`)).toBeVisible()
  expect(await page.content()).not.toContain(fake.token)
  await expect(page.getByTestId('ghl-status')).toHaveText('Not tested yet')

  await page.getByRole('button', { name: 'Test connection' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'GoHighLevel accepted the token' })).toBeVisible()
  await expect(page.getByTestId('ghl-status')).toHaveText('Connected')

  await page.goto(`/leads/${lead.id}`)
  await expect(page.getByRole('heading', { level: 1, name: lead.identity.fullName })).toBeVisible()
  await page.getByRole('button', { name: 'Send to GoHighLevel' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Sent to GoHighLevel' })).toBeVisible()

  await expect.poll(() => fake.contacts.filter((c) => c.phone === phone).length, { timeout: 15_000 }).toBe(1)
  await expect.poll(() => fake.webhooks.filter((w) => (w.body as { esd_lead_id?: string }).esd_lead_id === lead.id).length, { timeout: 15_000 }).toBe(1)
  const contact = fake.contacts.find((c) => c.phone === phone)!
  expect(contact).toMatchObject({ name: lead.identity.fullName, tags: ['esd.quest', 'hot lead'], source: 'esd.quest' })

  await page.goto('/settings/gohighlevel')
  const row = page.getByTestId('ghl-push-row').filter({ hasText: lead.identity.fullName })
  await expect(row).toContainText('Created')
  await expect(row).toContainText(contact.id)
  await expect(row).toContainText('HTTP 200')
})
