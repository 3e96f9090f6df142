import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { screens } from './page-visits'
import { simulatedNumbers } from './simulated-numbers'

/** WCAG 2.1 AA on the page as it is (the full walk of every page is e2e/accessibility.spec.ts). */
async function axeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

// On a phone, by keyboard where it matters: the inbox is worked from anywhere.
test.use({ viewport: screens.phone })

test('an operator filters the inbox, takes a conversation, closes it, sees it reopen live when the person writes again, and hands it to a teammate', async ({
  page,
  createOrganization,
  createUser,
  login,
  app,
}) => {
  test.setTimeout(60_000)
  const org = await createOrganization({ environment: 'sandbox' })
  const operator = await createUser({ organizationId: org.id, role: 'operator', name: 'Olive Operator' })
  const teammate = await createUser({ organizationId: org.id, role: 'operator', name: 'Theo Teammate' })
  const { ensureSandboxSenders } = await import('~/modules/messaging/ensure-sandbox-senders.server')
  const { receiveInboundMessage } = await import('~/modules/messaging/receive-inbound-message.server')
  await ensureSandboxSenders({ organizationId: org.id })
  const ours = await app.prisma.senderNumber.findFirstOrThrow({ where: { organizationId: org.id } })
  const { delivered } = await simulatedNumbers()
  const person = delivered[0]!
  const first = await receiveInboundMessage({ carrierSid: `SMe2estatus${Date.now()}a`, from: person, to: ours.e164, body: 'Is this about my house?' })
  const conversationId = first.conversationId!

  await login(page, operator)
  await page.goto('/conversations')
  const rows = page.getByTestId('conversation-row')
  await expect(rows).toHaveCount(1)
  await expect(rows.getByTestId('conversation-assignee')).toHaveText('Unassigned')
  await expect(page.getByRole('navigation', { name: 'Status' }).getByRole('link', { name: 'Open' })).toHaveAttribute('aria-current', 'page')
  expect(await axeViolations(page)).toEqual([])

  // Nothing is assigned to me yet; chosen by keyboard.
  await page.getByRole('navigation', { name: 'Assignee' }).getByRole('link', { name: 'Assigned to me' }).focus()
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/assignee=me/)
  await expect(page.getByText('No conversations here')).toBeVisible()

  await page.goto(`/conversations/${conversationId}`)
  const status = page.getByTestId('conversation-status')
  const assignee = page.getByTestId('conversation-manage').getByTestId('conversation-assignee')
  await expect(status).toHaveText('Open')
  expect(await axeViolations(page)).toEqual([])
  await page.getByRole('button', { name: 'Assign to me' }).click()
  await expect(assignee).toHaveText('Olive Operator (you)')
  await page.getByRole('button', { name: 'Close conversation' }).click()
  await expect(status).toHaveText('Closed')
  await expect(page.getByRole('button', { name: 'Reopen conversation' })).toBeVisible()

  // Closed ones leave the default (open) list, and are under Closed, assigned to me.
  await page.goto('/conversations')
  await expect(page.getByText('No conversations here')).toBeVisible()
  await page.getByRole('navigation', { name: 'Status' }).getByRole('link', { name: 'Closed' }).click()
  await expect(rows).toHaveCount(1)
  await expect(rows).toHaveAttribute('data-status', 'closed')
  await page.getByRole('navigation', { name: 'Assignee' }).getByRole('link', { name: 'Assigned to me' }).click()
  await expect(page).toHaveURL(/status=closed&assignee=me/)
  await expect(rows).toHaveCount(1)
  await expect(rows.getByTestId('conversation-assignee')).toHaveText('Assigned to you')

  // They write again while the page is open: it reopens, live.
  await rows.click()
  await expect(status).toHaveText('Closed')
  await receiveInboundMessage({ carrierSid: `SMe2estatus${Date.now()}b`, from: person, to: ours.e164, body: 'Hello? Still interested.' })
  await expect(status).toHaveText('Open', { timeout: 15_000 })
  await expect(page.getByTestId('message').filter({ hasText: 'Still interested' })).toHaveCount(1)

  // Handed to a teammate, by keyboard.
  await page.getByLabel('Assign to').selectOption({ label: 'Theo Teammate' })
  await page.getByRole('button', { name: 'Assign', exact: true }).focus()
  await page.keyboard.press('Enter')
  await expect(assignee).toHaveText('Theo Teammate')
  await expect(page.getByRole('button', { name: 'Assign to me' })).toBeVisible()

  const audit = await app.prisma.auditLog.findMany({ where: { organizationId: org.id, targetId: conversationId }, orderBy: { id: 'asc' } })
  expect(audit.map((a) => [a.action, a.actorId])).toEqual([
    ['conversation.updated', operator.id],
    ['conversation.updated', operator.id],
    ['conversation.reopened', null],
    ['conversation.updated', operator.id],
  ])
  expect((await app.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } })).assignedUserId).toBe(teammate.id)
})
