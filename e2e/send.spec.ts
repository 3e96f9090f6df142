import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { simulatedNumbers as numbers } from './simulated-numbers'

const marker = (page: Page) => page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument === true)

test('a sandbox operator sends to a selection, sees each blocked recipient with its reason, and watches deliveries and a STOP arrive without reloading', async ({
  page,
  createOrganization,
  createUser,
  login,
  app,
}) => {
  test.setTimeout(60_000)
  const org = await createOrganization({ environment: 'sandbox' })
  const operator = await createUser({ organizationId: org.id, role: 'operator' })
  const { createLeads } = await import('../tests/support/leads')
  const { recordConsentEvent } = await import('~/modules/compliance/record-consent-event.server')
  const { stopper, delivered, optedOut } = await numbers()
  const { leads } = await createLeads(org.id, [{ phone: delivered[0]! }, { phone: stopper }, { phone: delivered[1]! }, { phone: optedOut }])
  await recordConsentEvent({
    actor: { type: 'system', label: 'e2e', organizationId: org.id },
    organizationId: org.id,
    scope: 'organization',
    kind: 'opt_out',
    phone: optedOut,
    source: 'e2e',
    evidence: {},
  })
  try {
    await login(page, operator)
    await page.goto('/leads')
    await expect(page.getByTestId('lead-row')).toHaveCount(4)
    await page.getByRole('checkbox', { name: 'Select every lead on this page' }).check()
    await expect(page.getByTestId('selected-count')).toContainText('4 leads chosen')
    await page.getByLabel('Message').fill('Hi, this is Demo Realty. Still thinking of selling?')
    await page.getByRole('button', { name: 'Send to 4' }).click()

    await expect(page).toHaveURL(/\/sends\/[0-9a-f-]{36}$/)
    await expect(page.getByRole('heading', { level: 1, name: 'Send' })).toBeVisible()
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true))
    // The opted-out lead is held back, with the reason, from the start.
    const blocked = page.getByTestId('send-item').filter({ has: page.getByTestId('block-reason') })
    await expect(blocked).toHaveCount(1)
    await expect(blocked.getByTestId('block-reason')).toHaveAttribute('data-reason', 'opted_out')
    await expect(blocked).toContainText('opted out')
    await expect(page.getByTestId('count-blocked')).toHaveText('1')

    // Deliveries and the STOP reply arrive while we watch, pushed through Liveblocks: the page's fallback poll
    // (every 30 s) would come too late for these waits.
    await expect(page.getByTestId('send-item').and(page.locator('[data-delivery="delivered"]'))).toHaveCount(3, { timeout: 15_000 })
    const stopReply = page.getByTestId('send-item-reply').filter({ hasText: 'STOP' })
    await expect(stopReply).toHaveCount(1, { timeout: 15_000 })
    await expect(stopReply).toContainText('(opted out)')
    await expect(page.getByTestId('count-delivered')).toHaveText('3')
    expect(await marker(page)).toBe(true)

    // Once every message is settled the page stops polling, yet a reply that comes later still appears live.
    await expect(page.getByTestId('send-settled')).toBeVisible()
    const { receiveInboundMessage } = await import('~/modules/messaging/receive-inbound-message.server')
    const late = await app.prisma.sendQueueItem.findFirstOrThrow({ where: { organizationId: org.id, toE164: delivered[0]!, status: 'sent' } })
    await receiveInboundMessage({ carrierSid: `SMe2elate${Date.now()}`, from: delivered[0]!, to: late.fromE164!, body: 'Who is this?' })
    await expect(page.getByTestId('send-item-reply')).toHaveCount(2, { timeout: 15_000 })
    await expect(page.getByTestId('send-item-reply').filter({ hasText: 'Who is this?' })).toHaveCount(1)
    expect(await marker(page)).toBe(true)

    // The conversation holds the message, the STOP and the one confirmation; no further message can go.
    await page.getByTestId('send-item').filter({ has: page.getByTestId('send-item-reply').filter({ hasText: 'STOP' }) }).getByRole('link', { name: 'Conversation' }).click()
    const thread = page.getByTestId('message')
    await expect(thread).toHaveCount(3)
    await expect(thread.nth(1)).toHaveAttribute('data-direction', 'inbound')
    await expect(thread.nth(1).getByTestId('reply-class')).toHaveText('opt out')
    await expect(thread.nth(2)).toContainText('You are unsubscribed')
    await expect(page.getByTestId('conversation-blocked')).toContainText('opted out')
    // The operator sees masked numbers only.
    await expect(page.getByRole('heading', { level: 1 })).not.toContainText(stopper.slice(-7, -4))

    // A reply through the same gate is refused, with the reason.
    await page.getByRole('textbox', { name: 'Reply' }).fill('Sorry to bother you')
    await page.getByRole('button', { name: 'Send reply' }).click()
    await expect(page.getByRole('alert')).toContainText('Not sent')
    expect(await app.prisma.sendQueueItem.count({ where: { organizationId: org.id, toE164: stopper, status: { in: ['pending', 'sent'] }, body: 'Sorry to bother you' } })).toBe(0)
  } finally {
    await app.prisma.lead.deleteMany({ where: { id: { in: leads.map((l) => l.id) } } })
  }
})
