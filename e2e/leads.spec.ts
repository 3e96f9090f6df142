import { expect, test } from './fixtures'

test('an operator opens a lead from the list, reads its phones with their provenance and standing, puts one on the do-not-call list with a reason and takes it off again', async ({
  page,
  createOrganization,
  createUser,
  login,
  app,
}) => {
  const org = await createOrganization({ environment: 'sandbox' })
  const operator = await createUser({ organizationId: org.id, role: 'operator' })
  const { createLeads, freshNumber } = await import('../tests/support/leads')
  const phone = freshNumber('512')
  const { leads } = await createLeads(org.id, [{ phone }])
  const lead = await app.prisma.lead.findUniqueOrThrow({ where: { id: leads[0]!.id }, include: { identity: true } })
  try {
    await login(page, operator)
    await page.goto('/leads')
    await page.getByRole('link', { name: lead.identity.fullName }).click()
    await expect(page.getByRole('heading', { level: 1, name: lead.identity.fullName })).toBeVisible()
    await expect(page.getByTestId('lead-address')).toContainText('Austin, TX 78701')
    const card = page.getByTestId('lead-phone')
    await expect(card).toHaveCount(1)
    // An operator sees the number masked, where it came from, and that it can be texted.
    await expect(card).toContainText(`+1 (512) ***-${phone.slice(-4)}`)
    await expect(card).not.toContainText(phone.slice(2))
    await expect(card.getByTestId('phone-provenance')).toContainText('From test')
    await expect(card).toContainText('can be texted')

    await card.getByRole('button', { name: 'Add to do-not-call' }).click()
    await expect(card.getByRole('textbox', { name: 'Reason for do-not-call' })).toBeFocused()
    await card.getByRole('textbox', { name: 'Reason for do-not-call' }).fill('Asked by phone not to be texted')
    await card.getByRole('button', { name: 'Add to do-not-call' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Added to the do-not-call list' })).toBeVisible()
    await expect(card.getByTestId('phone-blocked')).toHaveAttribute('data-reason', 'dnc_listed')
    await expect(card.getByRole('button', { name: 'Add to do-not-call' })).toHaveCount(0)
    const event = await app.prisma.consentEvent.findFirstOrThrow({ where: { organizationId: org.id, e164: phone } })
    expect(event).toMatchObject({ kind: 'dnc_listed', source: 'operator', actorLabel: operator.email })
    await expect(card.getByTestId('phone-consent')).toHaveAttribute('data-consent', 'dnc_listed')

    // Taken off the list again, with a reason: nothing else stood in the way, so it can be texted again.
    await card.getByRole('button', { name: 'Remove from do-not-call' }).click()
    await expect(card.getByRole('textbox', { name: 'Reason for removing from do-not-call' })).toBeFocused()
    await card.getByRole('textbox', { name: 'Reason for removing from do-not-call' }).fill('Listed by mistake, asked to be texted')
    await card.getByRole('button', { name: 'Remove from do-not-call' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Removed from the do-not-call list' })).toBeVisible()
    await expect(card).toContainText('can be texted')
    await expect(card.getByTestId('phone-consent')).toHaveAttribute('data-consent', 'clear')
    await expect(card.getByRole('button', { name: 'Remove from do-not-call' })).toHaveCount(0)
    await expect(card.getByRole('button', { name: 'Add to do-not-call' })).toBeVisible()
    const events = await app.prisma.consentEvent.findMany({ where: { organizationId: org.id, e164: phone }, orderBy: { id: 'asc' } })
    expect(events.map((e) => [e.kind, e.actorLabel, (e.evidence as { reason?: string }).reason])).toEqual([
      ['dnc_listed', operator.email, 'Asked by phone not to be texted'],
      ['dnc_delisted', operator.email, 'Listed by mistake, asked to be texted'],
    ])
  } finally {
    await app.prisma.lead.deleteMany({ where: { id: { in: leads.map((l) => l.id) } } })
  }
})

test('an operator narrows the leads with filters and a fuzzy search; the filter stays in the URL across pages and clears in one click', async ({
  page,
  createOrganization,
  createUser,
  login,
  app,
}) => {
  const org = await createOrganization({ environment: 'sandbox' })
  const operator = await createUser({ organizationId: org.id, role: 'operator' })
  const { createLeads, freshNumber } = await import('../tests/support/leads')
  const { leads } = await createLeads(org.id, Array.from({ length: 5 }, () => ({ phone: freshNumber('512') })))
  await app.prisma.identity.update({ where: { id: leads[0]!.identityId }, data: { fullName: 'Maria Garcia' } })
  await app.prisma.lead.updateMany({ where: { id: { in: leads.slice(1, 4).map((l) => l.id) } }, data: { status: 'replied' } })
  try {
    await login(page, operator)
    await page.goto('/leads')
    await expect(page.getByTestId('lead-row')).toHaveCount(5)
    const filters = page.getByRole('search', { name: 'Filter leads' })
    await filters.getByLabel('Name or address').fill('mria garcia')
    await filters.getByRole('button', { name: 'Apply filters' }).click()
    await expect(page).toHaveURL(/q=mria\+garcia/)
    await expect(page.getByTestId('lead-row')).toHaveCount(1)
    await expect(page.getByTestId('lead-row')).toContainText('Maria Garcia')
    await expect(page.getByRole('heading', { level: 1, name: 'Leads' }).locator('..')).toContainText('1 lead matches these filters')
    // The download is the filtered set, every page of it.
    const downloading = page.waitForEvent('download')
    await page.getByRole('link', { name: 'Download CSV' }).click()
    const csv = await (await downloading).createReadStream().then(async (stream) => {
      let text = ''
      for await (const chunk of stream) text += chunk.toString()
      return text
    })
    expect(csv.trimEnd().split('\r\n')).toHaveLength(2)
    expect(csv).toContain('Maria Garcia')

    // Who of them could be texted now: a dry run, nothing sent.
    await page.getByRole('button', { name: 'Who could be texted now?' }).click()
    await expect(page.getByTestId('dry-run-audience')).toHaveText('1')
    await expect(page.getByTestId('dry-run-registry')).toHaveText('1')
    expect(await app.prisma.sendQueueItem.count({ where: { organizationId: org.id } })).toBe(0)

    // Nobody here has been texted: "not texted in 90 days" keeps them all.
    await page.goto('/leads')
    await filters.getByLabel('Not texted in').selectOption('90')
    await filters.getByRole('button', { name: 'Apply filters' }).click()
    await expect(page).toHaveURL(/notContactedForDays=90/)
    await expect(page.getByTestId('lead-row')).toHaveCount(5)

    // Conditions the bar has no field for (a link, a saved filter) stay when the bar is applied: it narrows, never widens.
    await page.goto('/leads?status=new,replied&grade=A')
    await filters.getByLabel('City').fill('Austin')
    await filters.getByRole('button', { name: 'Apply filters' }).click()
    await expect(page).toHaveURL(/grade=A/)
    await expect(page).toHaveURL(/status=new%2Creplied/)

    await page.goto('/leads?status=replied&size=2')
    await expect(page.getByTestId('lead-row')).toHaveCount(2)
    await expect(filters.getByLabel('Status')).toHaveValue('replied')
    await page.getByRole('link', { name: 'Older' }).click()
    await expect(page).toHaveURL(/status=replied/)
    await expect(page.getByTestId('lead-row')).toHaveCount(1)

    await filters.getByLabel('ZIP').fill('99999')
    await filters.getByRole('button', { name: 'Apply filters' }).click()
    await expect(page.getByText('No lead matches these filters')).toBeVisible()
    await filters.getByLabel('State').fill('T1')
    await filters.getByRole('button', { name: 'Apply filters' }).click()
    await expect(filters.getByRole('alert')).toContainText('state')
    await page.getByRole('link', { name: 'Clear filters' }).click()
    await expect(page.getByTestId('lead-row')).toHaveCount(5)

    // A filter saved under a name applies in one click, for the whole organization, and can be deleted.
    await filters.getByLabel('Status').selectOption('replied')
    await filters.getByRole('button', { name: 'Apply filters' }).click()
    await expect(page.getByTestId('lead-row')).toHaveCount(3)
    const saved = page.getByRole('region', { name: 'Saved filters' })
    await saved.getByLabel('Save these filters as').fill('Replied')
    await saved.getByRole('button', { name: 'Save filter' }).click()
    await expect(saved.getByRole('status')).toContainText('Saved “Replied”')
    await page.getByRole('link', { name: 'Clear filters' }).click()
    await expect(page.getByTestId('lead-row')).toHaveCount(5)
    await saved.getByRole('link', { name: 'Replied' }).click()
    await expect(page.getByTestId('lead-row')).toHaveCount(3)
    await expect(saved.getByRole('link', { name: 'Replied' })).toHaveAttribute('aria-current', 'true')
    expect(await app.prisma.savedLeadFilter.findMany({ where: { organizationId: org.id }, select: { name: true, filter: true } })).toEqual([{ name: 'Replied', filter: { status: ['replied'] } }])
    await saved.getByRole('button', { name: 'Delete the saved filter Replied' }).click()
    await expect(saved.getByRole('link', { name: 'Replied' })).toHaveCount(0)
    expect(await app.prisma.savedLeadFilter.count({ where: { organizationId: org.id } })).toBe(0)
  } finally {
    await app.prisma.lead.deleteMany({ where: { id: { in: leads.map((l) => l.id) } } })
  }
})

test('on a phone: leads are cards that fit the screen; one chosen on its card is sent to, and its page opens from the card', async ({ page, createOrganization, createUser, login, app }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  const org = await createOrganization({ environment: 'sandbox' })
  const operator = await createUser({ organizationId: org.id, role: 'operator' })
  const { createLeads, freshNumber } = await import('../tests/support/leads')
  const { leads } = await createLeads(org.id, [{ phone: freshNumber('512') }, { phone: freshNumber('512') }])
  const first = await app.prisma.lead.findUniqueOrThrow({ where: { id: leads[0]!.id }, include: { identity: true } })
  try {
    await login(page, operator)
    await page.goto('/leads')
    const cards = page.getByTestId('lead-card')
    await expect(cards).toHaveCount(2)
    await expect(cards.first()).toBeVisible()
    await expect(page.getByRole('table', { name: 'Leads' })).toBeHidden()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)

    await page.getByRole('checkbox', { name: 'Select every lead on this page' }).check()
    await expect(page.getByTestId('selected-count')).toContainText('2 leads chosen')
    await page.getByRole('checkbox', { name: 'Select every lead on this page' }).uncheck()
    await page.getByRole('checkbox', { name: `Select ${first.identity.fullName}` }).check()
    await expect(page.getByTestId('selected-count')).toContainText('1 lead chosen')
    await page.getByLabel('Message').fill('Hi, this is Demo Realty. Still thinking of selling? Reply STOP to opt out.')
    await page.getByRole('button', { name: 'Send to 1' }).click()
    await expect(page).toHaveURL(/\/sends\/[0-9a-f-]{36}$/)
    const queued = await app.prisma.sendQueueItem.findMany({ where: { organizationId: org.id }, select: { leadId: true } })
    expect(queued).toEqual([{ leadId: first.id }])

    await page.goto('/leads')
    await cards.getByRole('link', { name: first.identity.fullName }).click()
    await expect(page.getByRole('heading', { level: 1, name: first.identity.fullName })).toBeVisible()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  } finally {
    await app.prisma.lead.deleteMany({ where: { id: { in: leads.map((l) => l.id) } } })
  }
})

test('a long page of leads: the grid renders the rows near the screen as a table that knows its size, chooses every lead of the page, and sorts oldest first on the server', async ({
  page,
  createOrganization,
  createUser,
  login,
  app,
}) => {
  const org = await createOrganization({ environment: 'sandbox' })
  const operator = await createUser({ organizationId: org.id, role: 'operator' })
  const { createLeads } = await import('../tests/support/leads')
  const { leads } = await createLeads(org.id, Array.from({ length: 150 }, () => ({ phone: null })))
  const ordered = await app.prisma.lead.findMany({
    where: { organizationId: org.id },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true, identity: { select: { fullName: true } } },
  })
  const oldest = ordered.map((lead) => lead.identity.fullName)
  try {
    await login(page, operator)
    await page.goto('/leads?size=150')
    const grid = page.getByTestId('lead-grid')
    const rows = page.getByTestId('lead-row')
    await expect(grid).toHaveAttribute('aria-rowcount', '151')
    await expect(rows.first()).toContainText(oldest[149]!)
    await expect(rows.first()).toHaveAttribute('aria-rowindex', '2')
    // Only the rows near the screen are in the page; the rest are a spacer, hidden from assistive technology.
    const rendered = await rows.count()
    expect(rendered).toBeGreaterThan(10)
    expect(rendered).toBeLessThan(150)
    await expect(page.getByTestId('lead-grid-spacer')).toHaveAttribute('aria-hidden', 'true')
    await expect(grid.getByRole('columnheader', { name: /Added/ })).toHaveAttribute('aria-sort', 'descending')

    // At the bottom of the page, the last rows are rendered in their places (scrolled again until the grid has
    // hydrated: a scroll before it attaches its listener renders nothing new).
    await expect(async () => {
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight))
      await expect(rows.last()).toHaveAttribute('aria-rowindex', '151', { timeout: 1_000 })
    }).toPass({ timeout: 15_000 })
    await expect(rows.last()).toContainText(oldest[0]!)

    // Every lead of the page is chosen, and every one goes with the form, rendered or not.
    await page.getByRole('checkbox', { name: 'Select every lead on this page' }).check()
    await expect(page.getByTestId('selected-count')).toContainText('150 leads chosen')
    const sent = await page.evaluate(() => new FormData(document.querySelector('[data-testid="send-to-selection"]')!.closest('form')!).getAll('leadId'))
    expect(new Set(sent)).toEqual(new Set(leads.map((lead) => lead.id)))
    expect(sent).toHaveLength(150)
    await page.getByRole('checkbox', { name: 'Select every lead on this page' }).uncheck()
    await expect(page.getByTestId('selected-count')).toContainText('Choose leads')

    // Oldest first: the server's order, paged with the same cursors.
    await page.goto('/leads?size=60')
    await grid.getByRole('link', { name: /Added/ }).click()
    await expect(page).toHaveURL(/sort=oldest/)
    await expect(grid.getByRole('columnheader', { name: /Added/ })).toHaveAttribute('aria-sort', 'ascending')
    await expect(rows.first()).toContainText(oldest[0]!)
    // The pager keeps the scroll position (below the grid); the first row is at the top.
    const firstRow = grid.locator('tr[aria-rowindex="2"]')
    // The rows below the pager render as it scrolls into view: the click is tried again if the layout moved under it.
    await expect(async () => {
      if (!/after=/.test(page.url())) await page.getByRole('link', { name: 'Newer' }).click({ timeout: 2_000 })
      await expect(page).toHaveURL(/after=.*sort=oldest/, { timeout: 2_000 })
    }).toPass({ timeout: 15_000 })
    await expect(async () => {
      await page.evaluate(() => window.scrollTo(0, 0))
      await expect(firstRow).toContainText(oldest[60]!, { timeout: 1_000 })
    }).toPass({ timeout: 15_000 })
    await expect(async () => {
      if (/after=/.test(page.url())) await page.getByRole('link', { name: 'Older' }).click({ timeout: 2_000 })
      await page.evaluate(() => window.scrollTo(0, 0))
      await expect(firstRow).toContainText(oldest[0]!, { timeout: 2_000 })
    }).toPass({ timeout: 15_000 })
    // Applying the filters keeps the order.
    await page.getByRole('search', { name: 'Filter leads' }).getByRole('button', { name: 'Apply filters' }).click()
    await expect(page).toHaveURL(/sort=oldest/)
    await expect(rows.first()).toContainText(oldest[0]!)
  } finally {
    await app.prisma.lead.deleteMany({ where: { id: { in: leads.map((l) => l.id) } } })
  }
})
