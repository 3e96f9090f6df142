import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { csvRow } from '~/utils/csv'
import { GENERATED_HEADER } from '../tests/support/generated-rows'
import { expect, test } from './fixtures'
import { simulatedNumbers as numbers } from './simulated-numbers'

/** A small vendor file: one owner and one phone per property, in Austin. */
function leadFile(phones: string[]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'esd-e2e-campaign-'))
  const file = path.join(dir, 'austin-owners.csv')
  const rows = phones.map((phone, i) => {
    const cells: Record<string, string> = {
      'Property Address': `${200 + i} Oak St`, 'Property City': 'Austin', 'Property State': 'TX', 'Property Zip': '78701',
      'Owner 1 First Name': ['Ana', 'Ben', 'Cleo', 'Dev'][i]!, 'Owner 1 Last Name': 'Rivera', 'Phone 1': phone.slice(2),
    }
    return csvRow(GENERATED_HEADER.map((h) => cells[h] ?? ''))
  })
  writeFileSync(file, csvRow(GENERATED_HEADER) + rows.join(''))
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

const sameDocument = (page: Page) => page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument === true)

test('from an empty sandbox: import a file, save a filter, a two-variant campaign in a crusade, dry run, launch, live deliveries and a STOP, pause and resume without duplicates, the crusade adds up', async ({
  page,
  createOrganization,
  createUser,
  login,
  app,
}) => {
  test.setTimeout(180_000)
  const org = await createOrganization({ environment: 'sandbox' })
  const operator = await createUser({ organizationId: org.id, role: 'operator' })
  await app.prisma.vertical.create({ data: { organizationId: org.id, key: 'seller', name: 'Home sellers' } })
  const { stopper, delivered, optedOut } = await numbers()
  const { file, remove } = leadFile([delivered[0]!, stopper, delivered[1]!, optedOut])
  const { recordConsentEvent } = await import('~/modules/compliance/record-consent-event.server')
  await recordConsentEvent({ actor: { type: 'system', label: 'e2e', organizationId: org.id }, organizationId: org.id, scope: 'organization', kind: 'opt_out', phone: optedOut, source: 'e2e', evidence: {} })
  try {
    await login(page, operator)

    // Import the file.
    await page.goto('/imports/upload')
    await page.getByLabel('Lead file').setInputFiles(file)
    await expect(page.getByTestId('upload-result')).toContainText('Uploaded austin-owners.csv.', { timeout: 30_000 })
    const importForm = page.getByTestId('start-import-form')
    await importForm.getByRole('button', { name: 'Start the import' }).click()
    await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/)
    const importId = page.url().split('/').pop()!
    await expect(page.getByTestId('import-status')).toHaveText('completed', { timeout: 60_000 })

    // Its leads, saved as a filter.
    await page.goto(`/leads?importFileId=${importId}`)
    await expect(page.getByTestId('lead-row')).toHaveCount(4)
    const saved = page.getByRole('region', { name: 'Saved filters' })
    await saved.getByLabel('Save these filters as').fill('Austin owners')
    await saved.getByRole('button', { name: 'Save filter' }).click()
    await expect(saved.getByRole('status')).toContainText('Saved “Austin owners”')

    // A template with two variants (the starter's {Hi|Hello}).
    await page.goto('/templates/new')
    await page.getByRole('textbox', { name: 'Name' }).fill('Austin intro')
    await page.getByRole('button', { name: 'Save template' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Austin intro' })).toBeVisible()

    // A crusade, and a campaign in it.
    await page.goto('/crusades/new')
    await page.getByLabel('Name').fill('Austin spring')
    for (const day of ['Sun', 'Sat']) await page.getByRole('checkbox', { name: day }).check()
    await page.getByLabel('From (local time)').fill('00:00')
    await page.getByLabel('Until').fill('23:59')
    await page.getByLabel('Time zone').fill('UTC')
    await page.getByLabel('Messages per minute, all its campaigns together').fill('6')
    await page.getByRole('button', { name: 'Create crusade' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Austin spring' })).toBeVisible()
    const crusadeUrl = page.url()
    await page.getByRole('link', { name: 'Add a campaign' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'New campaign' })).toBeVisible()
    await page.getByRole('button', { name: 'Save draft' }).click()
    await expect(page.getByText('Give the campaign a name.')).toBeVisible()
    await page.getByLabel('Name', { exact: true }).fill('Austin owners, first touch')
    await page.getByLabel('Audience (saved lead filter)').selectOption({ label: 'Austin owners' })
    await page.getByRole('checkbox', { name: 'Austin intro' }).check()
    await page.getByRole('button', { name: 'Save draft' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Austin owners, first touch' })).toBeVisible()
    await expect(page.getByTestId('campaign-status')).toHaveText('draft')
    // A draft can still change: who the messages are from.
    await page.getByRole('link', { name: 'Edit' }).click()
    await page.getByLabel('Sender name ({sender_name})').fill('Sam')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Austin owners, first touch' })).toBeVisible()

    // The preview renders both variants for real leads of the file.
    const previews = page.getByTestId('campaign-preview')
    await expect(previews).toHaveCount(2)
    await expect(previews.nth(0)).toContainText(/^.*Hi \w+, this is Sam with /)
    await expect(previews.nth(1)).toContainText(/Hello \w+, this is Sam with /)

    // The dry run: three would be sent once the registry (asked only at launch) clears them; the opted-out one is
    // blocked, with a list to download.
    await page.getByRole('button', { name: 'Dry run' }).click()
    const dryRun = page.getByTestId('campaign-dry-run')
    await expect(dryRun.getByTestId('dry-run-audience')).toHaveText('4')
    await expect(dryRun.getByTestId('dry-run-allowed')).toHaveText('0')
    await expect(dryRun.getByTestId('dry-run-registry')).toHaveText('3')
    const optedOutRow = dryRun.locator('[data-reason="opted_out"]')
    await expect(optedOutRow).toContainText('1')
    const download = page.waitForEvent('download')
    await optedOutRow.getByRole('link', { name: 'Download' }).click()
    const list = await (await download).path()
    const { readFileSync } = await import('node:fs')
    const csv = readFileSync(list, 'utf8').trim().split('\r\n')
    expect(csv).toHaveLength(2)
    expect(csv[1]).toContain('opted_out')
    expect(await app.prisma.sendQueueItem.count({ where: { organizationId: org.id } })).toBe(0)

    // Launch: the page follows the campaign live, without a reload.
    await page.getByRole('button', { name: 'Launch' }).click()
    await expect(page.getByTestId('campaign-status')).toHaveText('running')
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true))
    await expect(page.getByTestId('count-audience')).toHaveText('4')
    await expect(page.getByTestId('count-sent')).toHaveText('1', { timeout: 20_000 })

    // Six a minute: the others wait their slots. Pause now; nothing more goes out.
    await page.getByLabel('Why pause (optional)').fill('Checking the first reply')
    await page.getByRole('button', { name: 'Pause' }).click()
    await expect(page.getByTestId('campaign-status')).toHaveText('paused')
    await expect(page.getByTestId('paused-reason')).toHaveText('Checking the first reply')
    const campaign = await app.prisma.campaign.findFirstOrThrow({ where: { organizationId: org.id } })
    // The campaign's own messages (an opt-out's confirmation is a message too, but not the campaign's).
    const campaignSent = () => app.prisma.sendQueueItem.count({ where: { batchId: campaign.batchId!, sentAt: { not: null } } })
    const sentAtPause = await campaignSent()
    await page.waitForTimeout(12_000)
    expect(await campaignSent()).toBe(sentAtPause)
    expect(await app.prisma.sendQueueItem.count({ where: { batchId: campaign.batchId!, status: 'held' } })).toBe(3 - sentAtPause)

    await page.getByRole('button', { name: 'Resume' }).click()
    await expect(page.getByTestId('campaign-status')).toHaveText('running')
    // Deliveries and the STOP arrive while we watch.
    await expect(page.getByTestId('count-sent')).toHaveText('3', { timeout: 60_000 })
    await expect(page.getByTestId('count-delivered')).toHaveText('3', { timeout: 20_000 })
    await expect(page.getByTestId('count-optOuts')).toHaveText('1', { timeout: 20_000 })
    await expect(page.getByTestId('count-blocked')).toHaveText('1')
    expect(await sameDocument(page)).toBe(true)
    // No one was texted twice.
    const ours = await app.prisma.sendQueueItem.findMany({ where: { batchId: campaign.batchId! }, select: { id: true } })
    const perNumber = await app.prisma.message.groupBy({ by: ['toE164'], where: { organizationId: org.id, direction: 'outbound', sendQueueId: { in: ours.map((r) => r.id) } }, _count: true })
    expect(perNumber.map((m) => m._count)).toEqual([1, 1, 1])
    expect(perNumber.map((m) => m.toE164).sort()).toEqual([delivered[0]!, delivered[1]!, stopper].sort())

    // The crusade's rollup adds its campaign up.
    await page.goto(crusadeUrl)
    const rollup = page.getByTestId('rollup-counts')
    await expect(rollup.getByTestId('count-audience')).toHaveText('4')
    await expect(rollup.getByTestId('count-sent')).toHaveText('3')
    await expect(rollup.getByTestId('count-optOuts')).toHaveText('1')
    await expect(page.getByTestId('crusade-campaign')).toHaveCount(1)
  } finally {
    remove()
  }
})

test('on a phone: an operator reads a lead card and a conversation, and pauses a running campaign', async ({ page, createOrganization, createUser, login, app }) => {
  test.setTimeout(90_000)
  await page.setViewportSize({ width: 390, height: 844 })
  const org = await createOrganization({ environment: 'sandbox' })
  const operator = await createUser({ organizationId: org.id, role: 'operator' })
  const actor = { type: 'system' as const, label: 'e2e', organizationId: org.id }
  const { createLeads } = await import('../tests/support/leads')
  const { delivered } = await numbers()
  const { leads } = await createLeads(org.id, delivered.map((phone) => ({ phone })))
  await app.prisma.lead.updateMany({ where: { id: { in: leads.map((l) => l.id) } }, data: { tags: ['phone'] } })
  const [{ saveLeadFilter }, { leadFilter }, { createTemplate }, { createCampaign }, { campaignInput }, { launchCampaign }] = await Promise.all([
    import('~/modules/leads/saved-lead-filters.server'),
    import('~/modules/leads/lead-filter'),
    import('~/modules/templates/save-template.server'),
    import('~/modules/campaigns/save-campaign.server'),
    import('~/modules/campaigns/campaign-input'),
    import('~/modules/campaigns/launch-campaign.server'),
  ])
  const filter = await saveLeadFilter({ organizationId: org.id, actor, name: 'Tagged', filter: leadFilter.parse({ tag: 'phone' }) })
  const template = await createTemplate({ organizationId: org.id, actor, input: { name: 'Short', body: 'Hi {first_name|there}, Sam with {company_name}. Reply STOP to opt out.', firstContact: true } })
  const campaign = await createCampaign({
    organizationId: org.id,
    actor,
    // Starting in three days (past any shift of the server's send clock): it stays scheduled with everything waiting.
    input: campaignInput.parse({ name: 'On the go', savedFilterId: filter.id, templateIds: [template.id], days: [0, 1, 2, 3, 4, 5, 6], windowStart: '00:00', windowEnd: '23:59', timeZone: 'UTC', throttlePerMinute: 1, startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString() }),
  })
  await launchCampaign({ organizationId: org.id, actor, campaignId: campaign.id })
  const { ensureSandboxSenders } = await import('~/modules/messaging/ensure-sandbox-senders.server')
  await ensureSandboxSenders({ organizationId: org.id })
  const { receiveInboundMessage } = await import('~/modules/messaging/receive-inbound-message.server')
  const sender = await app.prisma.senderNumber.findFirstOrThrow({ where: { organizationId: org.id } })
  await receiveInboundMessage({ carrierSid: `SMe2ephone${Date.now()}`, from: delivered[0]!, to: sender.e164, body: 'Is this about my house?' })

  await login(page, operator)
  await page.goto('/leads')
  await expect(page.getByTestId('lead-card')).toHaveCount(2)
  await page.goto('/conversations')
  await page.getByTestId('conversation-row').filter({ hasText: 'Is this about my house?' }).click()
  await expect(page.getByText('Is this about my house?')).toBeVisible()

  await page.goto(`/campaigns/${campaign.id}`)
  await expect(page.getByTestId('campaign-status')).toHaveText('scheduled')
  await page.getByRole('button', { name: 'Pause' }).click()
  await expect(page.getByTestId('campaign-status')).toHaveText('paused')
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible()
  const pauseWidth = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(pauseWidth).toBeLessThanOrEqual(390)
})
