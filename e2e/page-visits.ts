import { randomBytes, randomUUID } from 'node:crypto'
import type { Browser, BrowserContext, Page } from '@playwright/test'
import { expect, test as base } from './fixtures'
import { pages, type PageData, type Visitor } from './pages'
import { open } from './ui'

/**
 * Walks every page of e2e/pages.ts as each visitor, on one screen in one
 * color scheme, and hands each page (and each menu or dialog opened on it)
 * to a check. One browser context per visitor, signed in once; the rows the
 * pages show are made once per worker.
 */

export const screens = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const

export type Screen = keyof typeof screens
export type ColorScheme = 'light' | 'dark'

type SignedInVisitor = Exclude<Visitor, 'signed-out'>
type Seeded = { data: PageData; sessionTokens: Record<SignedInVisitor, string> }

const unique = () => randomBytes(4).toString('hex')

/** The modules are loaded after fixtures.ts has pointed DATABASE_URL at the e2e server's database. */
async function loadModules() {
  const [links, sessions, invite, apiKeys, revoke, status, codes, impersonation, demo, keys, tokens, sends, inbound, templates, savedFilters, campaigns, crusades, campaignInputs, webhooks] = await Promise.all([
    import('~/modules/auth/create-sign-in-link.server'),
    import('~/modules/auth/sessions.server'),
    import('~/modules/orgs/invite-user.server'),
    import('~/modules/integrations/create-api-key.server'),
    import('~/modules/integrations/revoke-api-key.server'),
    import('~/modules/orgs/set-user-status.server'),
    import('~/modules/auth/generate-recovery-codes.server'),
    import('~/modules/orgs/set-impersonation.server'),
    import('~/modules/orgs/demo-data.server'),
    import('~/modules/leads/natural-keys.server'),
    import('~/modules/auth/tokens.server'),
    import('~/modules/messaging/queue-sends.server'),
    import('~/modules/messaging/receive-inbound-message.server'),
    import('~/modules/templates/save-template.server'),
    import('~/modules/leads/saved-lead-filters.server'),
    import('~/modules/campaigns/save-campaign.server'),
    import('~/modules/campaigns/crusades.server'),
    import('~/modules/campaigns/campaign-input'),
    import('~/modules/webhooks/save-webhook-endpoint.server'),
  ])
  return {
    ...links,
    ...sessions,
    ...invite,
    ...apiKeys,
    ...revoke,
    ...status,
    ...codes,
    ...impersonation,
    ...demo,
    ...keys,
    ...tokens,
    ...sends,
    ...inbound,
    ...templates,
    ...savedFilters,
    ...campaigns,
    ...crusades,
    ...campaignInputs,
    ...webhooks,
  }
}

/**
 * A send to the organization's leads from a simulated number (the e2e
 * server's runner sends what the gate allows), and a conversation with a
 * reply in it.
 */
async function createSendAndConversation(prisma: Prisma, modules: Awaited<ReturnType<typeof loadModules>>, organizationId: string, actor: Parameters<typeof modules.queueSends>[0]['actor']) {
  const account = await prisma.carrierAccount.create({ data: { organizationId, kind: 'simulated', name: 'Simulated carrier' } })
  const ours = `+1512${String(2_000_000 + (Number.parseInt(unique(), 16) % 7_000_000))}`
  await prisma.senderNumber.create({ data: { organizationId, carrierAccountId: account.id, e164: ours, areaCode: '512', state: 'TX', mps: 5 } })
  const leads = await prisma.lead.findMany({ where: { organizationId }, select: { id: true } })
  const batch = await modules.queueSends({ organizationId, actor, purpose: 'marketing', body: 'Hi, are you still thinking of selling?', leadIds: leads.map((l) => l.id) })
  const person = await prisma.phoneNumber.findFirstOrThrow({ where: { identities: { some: { identity: { organizationId } } } } })
  const reply = await modules.receiveInboundMessage({ carrierSid: `SMe2e${unique()}`, from: person.e164, to: ours, body: 'How much would you offer?' })
  return { sendBatchId: batch.batchId, conversationId: reply.conversationId! }
}

type Prisma = typeof import('~/utils/db.server').prisma

/** A few leads in every status, as an import would leave them. */
async function createLeads(prisma: Prisma, modules: Awaited<ReturnType<typeof loadModules>>, organizationId: string) {
  const vertical = await prisma.vertical.create({ data: { organizationId, key: 'seller', name: 'Home sellers' } })
  const statuses = ['new', 'contacted', 'replied', 'qualified', 'closed'] as const
  for (const [i, lead] of modules.demoLeads(statuses.length).entries()) {
    const propertyHash = modules.propertyHash(lead.address)
    const property = await prisma.property.create({
      data: { organizationId, propertyHash, line1: lead.address.line1, city: lead.address.city, state: lead.address.state, postalCode: lead.address.postalCode },
    })
    const fullName = `${lead.firstName} ${lead.lastName}`
    const identity = await prisma.identity.create({
      data: { organizationId, identityHash: modules.identityHash(fullName, propertyHash), firstName: lead.firstName, lastName: lead.lastName, fullName },
    })
    // Phone numbers are shared by every organization (the demo one has these too).
    const phone = await prisma.phoneNumber.upsert({ where: { e164: lead.phoneE164 }, create: { e164: lead.phoneE164, lineType: 'mobile' }, update: {} })
    await prisma.identityPhone.create({ data: { identityId: identity.id, phoneId: phone.id, source: 'e2e' } })
    await prisma.lead.create({
      data: { organizationId, identityId: identity.id, propertyId: property.id, verticalId: vertical.id, status: statuses[i]!, grade: lead.grade, tags: lead.tags },
    })
  }
}

/**
 * Job runs as the in-process runner leaves them: one failed, one completed and
 * one sleeping far into the future (so the e2e server's runner leaves it be),
 * each with timed steps. Answers the sleeping one, which can still be cancelled.
 */
async function createJobRuns(prisma: Prisma, organizationId: string) {
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000)
  const run = (status: 'failed' | 'completed' | 'sleeping', minutesAgo: number) =>
    prisma.jobRun.create({
      data: {
        id: randomUUID(),
        functionId: 'email-deliver',
        eventName: 'email/queued',
        events: [{ id: randomUUID(), name: 'email/queued', data: { messageId: randomUUID(), organizationId }, ts: at(minutesAgo).getTime() }],
        status,
        organizationId,
        createdAt: at(minutesAgo),
        startedAt: at(minutesAgo),
        finishedAt: status === 'sleeping' ? null : at(minutesAgo - 1),
        error: status === 'failed' ? { name: 'PostmarkSendError', message: 'Postmark answered 503: Maintenance' } : undefined,
        runAfter: status === 'sleeping' ? new Date(Date.now() + 7 * 86_400_000) : at(minutesAgo),
        steps: {
          create: [
            {
              stepId: randomBytes(20).toString('hex'),
              name: 'deliver',
              kind: 'run',
              status: status === 'failed' ? 'failed' : 'completed',
              attempts: status === 'completed' ? 1 : 2,
              startedAt: at(minutesAgo),
              finishedAt: at(minutesAgo - 1),
              durationMs: 840,
              error: status === 'completed' ? undefined : { name: 'PostmarkSendError', message: 'Postmark answered 503: Maintenance' },
            },
            ...(status === 'sleeping'
              ? [{ stepId: randomBytes(20).toString('hex'), name: 'cool-down', kind: 'sleep', status: 'sleeping' as const, startedAt: at(minutesAgo - 1) }]
              : []),
          ],
        },
      },
    })
  await run('failed', 30)
  await run('completed', 20)
  return (await run('sleeping', 10)).id
}

/**
 * A paused import, part way through PARSE → MERGE, with landed rows, counts
 * so far and one row error (an invalid phone): the import page shows every
 * part, Resume and Cancel, and its mapping page has a header to map.
 */
async function createPausedImport(prisma: Prisma, organizationId: string, userId: string) {
  const header = ['Owner First Name', 'Owner Last Name', 'Property Address', 'City', 'State', 'Zip', 'Phone 1', 'Phone 2']
  const rows = [
    ['Ana', 'Ruiz', '12 Oak St', 'Austin', 'TX', '78701', '(512) 555-0143', '555-12'],
    ['Ben', 'Cole', '9 Elm Ave', 'Miami', 'FL', '33101', '305.555.0187', ''],
  ]
  const startedAt = new Date(Date.now() - 60_000)
  const stage = { done: 2, total: 4, startedAt: startedAt.toISOString(), finishedAt: null, rowsPerSecond: 1 }
  const importFile = await prisma.importFile.create({
    data: {
      organizationId, filename: 'county-owners.csv', byteSize: 4096n, sha256: randomBytes(32).toString('hex'), storage: 'local',
      storageKey: `e2e/${unique()}.csv`, class: 'enrichment', header, encoding: 'utf-8', delimiter: ',', stage: 'merge', status: 'paused',
      landByteOffset: 4096n, landNextRowNo: 5, rowCount: 4, createdByUserId: userId, createdAt: new Date(Date.now() - 120_000),
      progress: { parse: stage, resolve: stage, merge: stage },
    },
  })
  for (const [i, cells] of rows.entries()) {
    await prisma.$executeRaw`INSERT INTO file_rows (import_file_id, row_no, payload) VALUES (${importFile.id}::uuid, ${i + 1}, ${JSON.stringify(cells)}::json)`
  }
  const extraction = await prisma.importExtraction.create({
    data: {
      importFileId: importFile.id, number: 1, parserKey: 'property-export', parserVersion: 1, confidence: 0.9, nextRowNo: 3,
      counts: { rows: 2, matchedIdentities: 1, phonesAdded: 2, invalidPhones: 1, errorsByType: { invalid_phone: 1 } },
    },
  })
  await prisma.importRowError.create({
    data: { importFileId: importFile.id, extractionId: extraction.id, rowNo: 1, sourceColumn: 'Phone 2', kind: 'invalid_phone', value: '555-12', message: 'Not a valid phone number' },
  })
  return importFile.id
}

export const test = base.extend<object, { pageData: Seeded }>({
  pageData: [
    async ({ app }, use) => {
      const modules = await loadModules()
      const { prisma } = app
      const suffix = unique()
      const organization = await prisma.organization.create({
        data: { name: `Page Realty ${suffix}`, slug: `e2e-pages-${suffix}`, environment: 'test' },
      })
      const platform = await prisma.organization.create({
        data: { name: `Page Platform ${suffix}`, slug: `e2e-platform-${suffix}`, environment: 'prod' },
      })
      const user = (name: string, role: 'admin' | 'operator' | 'super_admin', organizationId = organization.id) =>
        prisma.user.create({ data: { organizationId, email: `e2e-${role}-${unique()}@example.test`, name, role } })
      const admin = await user('Ada Admin', 'admin')
      const operator = await user('Otto Operator', 'operator')
      const leaver = await user('Lee Leaver', 'operator')
      const recovering = await user('Rae Recovering', 'operator')
      const superAdmin = await user('Sam Super', 'super_admin', platform.id)
      const actor = { type: 'user' as const, userId: admin.id, organizationId: organization.id, label: admin.email }

      // Team: a disabled member and a pending invitation (whose email lands in the outbox).
      await modules.setUserStatus({ actor, organizationId: organization.id, userId: leaver.id, status: 'disabled' })
      const invitation = await modules.inviteUser({
        actor,
        organizationId: organization.id,
        email: `e2e-invitee-${suffix}@example.test`,
        role: 'operator',
        baseUrl: 'http://localhost',
        inviterName: admin.name,
      })

      // API keys (active, revoked, expired) and recovery codes need a session that just confirmed a passkey.
      const steppedUp = modules.hashToken((await modules.createSession({ userId: admin.id, passkeyVerified: true })).token)
      await modules.createApiKey({ organizationId: organization.id, actor, sessionId: steppedUp, name: 'CRM sync', scopes: ['leads:read', 'leads:write'] })
      const old = await modules.createApiKey({ organizationId: organization.id, actor, sessionId: steppedUp, name: 'Old importer', scopes: ['imports:write'] })
      await modules.revokeApiKey({ organizationId: organization.id, apiKeyId: old.apiKey.id, actor })
      const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000)
      await modules.createApiKey({
        organizationId: organization.id,
        actor,
        sessionId: steppedUp,
        name: 'Trial',
        scopes: ['messages:send'],
        now: twoDaysAgo,
        expiresAt: new Date(twoDaysAgo.getTime() + 24 * 60 * 60 * 1000),
      })

      // Account: two passkeys (so one may be removed) and recovery codes.
      for (const [name, backedUp] of [['Laptop', true], ['Security key', false]] as const) {
        await prisma.passkey.create({
          data: { id: randomBytes(16).toString('base64url'), userId: admin.id, name, publicKey: randomBytes(77), deviceType: backedUp ? 'multiDevice' : 'singleDevice', backedUp },
        })
      }
      await modules.generateRecoveryCodes({ userId: admin.id, sessionId: steppedUp, actor })

      await createLeads(prisma, modules, organization.id)
      const jobRunId = await createJobRuns(prisma, organization.id)
      const importId = await createPausedImport(prisma, organization.id, operator.id)
      const { sendBatchId, conversationId } = await createSendAndConversation(prisma, modules, organization.id, actor)
      const { id: leadId } = await prisma.lead.findFirstOrThrow({ where: { organizationId: organization.id }, select: { id: true } })
      // A template with one error and warnings, so the page shows its checks.
      const template = await modules.createTemplate({
        organizationId: organization.id,
        actor,
        input: { name: 'Seller intro', body: '{Hi|Hello} {first_name|there}, it’s {sender_name}. Still selling {property_address}?', firstContact: true },
      })

      // A crusade with a draft campaign of the template, to the organization's new leads.
      const filter = await modules.saveLeadFilter({ organizationId: organization.id, actor, name: 'New leads', filter: { status: ['new'] } as never })
      const crusade = await modules.createCrusade({ organizationId: organization.id, actor, input: modules.crusadeInput.parse({ name: 'Spring sellers', days: [1, 2, 3, 4, 5], windowStart: '10:00', windowEnd: '18:00', timeZone: 'America/Chicago', throttlePerMinute: 60 }) })
      const campaign = await modules.createCampaign({
        organizationId: organization.id,
        actor,
        input: modules.campaignInput.parse({ name: 'Spring intro', savedFilterId: filter.id, templateIds: [template.id], crusadeId: crusade.id, days: [1, 2, 3, 4, 5], windowStart: '10:00', windowEnd: '18:00', timeZone: 'America/Chicago', throttlePerMinute: 60 }),
      })

      // A webhook endpoint with a delivery that failed once, so its page shows the log with an attempt.
      const { endpoint } = await modules.createWebhookEndpoint({
        organizationId: organization.id,
        actor,
        input: { url: 'https://receiver.example.test/hooks', description: 'CRM', eventTypes: ['message.delivered', 'message.received'] },
      })
      const webhookEventId = `msg_${randomBytes(18).toString('base64url')}`
      const webhookBody = JSON.stringify({ type: 'message.received', timestamp: new Date().toISOString(), data: { message: { body: 'Yes, tell me more' } } })
      await prisma.webhookEvent.create({ data: { id: webhookEventId, organizationId: organization.id, type: 'message.received', body: webhookBody } })
      await prisma.webhookDelivery.create({
        data: {
          organizationId: organization.id,
          endpointId: endpoint.id,
          eventId: webhookEventId,
          status: 'pending',
          attemptCount: 1,
          lastAttemptAt: new Date(),
          nextAttemptAt: new Date(Date.now() + 3_600_000),
          attempts: {
            create: {
              number: 1,
              requestHeaders: { 'content-type': 'application/json', 'webhook-id': webhookEventId },
              requestBody: webhookBody,
              responseStatus: 500,
              responseBody: 'Internal Server Error',
              durationMs: 42,
              attemptedAt: new Date(),
            },
          },
        },
      })
      // A lead form with one accepted submission from the lead's number, so the lead page shows its consent evidence.
      const leadForm = await prisma.leadForm.create({
        data: {
          organizationId: organization.id,
          slug: randomBytes(9).toString('base64url'),
          name: 'Website sellers',
          headline: 'Get a cash offer',
          disclosureText: 'By checking this box I agree to receive marketing text messages from Page Org at the number above. Consent is not a condition of purchase. Reply STOP to opt out.',
          thankYouText: 'Thanks! We will text you shortly.',
          createdByLabel: 'e2e',
        },
      })
      const leadPhone = await prisma.identityPhone.findFirst({ where: { identity: { leads: { some: { id: leadId } } } }, select: { phone: { select: { e164: true } } } })
      await prisma.leadFormSubmission.createMany({
        data: [
          { organizationId: organization.id, formId: leadForm.id, outcome: 'accepted', name: 'Page Lead', e164: leadPhone?.phone.e164 ?? null, ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (iPhone)', pageUrl: 'https://example.com/sell', disclosureText: leadForm.disclosureText, disclosureVersion: 1, leadId },
          { organizationId: organization.id, formId: leadForm.id, outcome: 'spam' },
        ],
      })

      const session = async (userId: string, kind: 'full' | 'recovery' = 'full') => (await modules.createSession({ userId, kind })).token
      const sessionTokens: Record<SignedInVisitor, string> = {
        admin: await session(admin.id),
        operator: await session(operator.id),
        recovering: await session(recovering.id, 'recovery'),
        super_admin: await session(superAdmin.id),
      }
      // The super admin acts inside the organization: its banner is on every page.
      await modules.setImpersonation({
        superAdmin: { id: superAdmin.id, email: superAdmin.email, role: superAdmin.role, homeOrganizationId: platform.id },
        sessionToken: sessionTokens.super_admin,
        organizationId: organization.id,
        ip: null,
      })

      const query = (url: string) => new URL(url).search
      const data: PageData = {
        signInLinkQuery: query((await modules.createSignInLink({ userId: operator.id, baseUrl: 'http://localhost' })).url),
        recoveryLinkQuery: query(
          (await modules.createSignInLink({ userId: recovering.id, baseUrl: 'http://localhost', purpose: 'recovery' })).url,
        ),
        invitationQuery: query(invitation.url),
        jobRunId,
        importId,
        sendBatchId,
        conversationId,
        templateId: template.id,
        leadId,
        campaignId: campaign.id,
        crusadeId: crusade.id,
        webhookEndpointId: endpoint.id,
        leadFormId: leadForm.id,
        leadFormSlug: leadForm.slug,
      }
      await use({ data, sessionTokens })

      await prisma.emailMessage.deleteMany({ where: { organizationId: organization.id } })
      // Job runs keep their organization's id without a foreign key (like the audit log).
      await prisma.jobRun.deleteMany({ where: { organizationId: organization.id } })
      // Leads first: they restrict the deletion of their verticals and properties.
      await prisma.lead.deleteMany({ where: { organizationId: organization.id } })
      await prisma.organization.deleteMany({ where: { id: { in: [organization.id, platform.id] } } })
    },
    { scope: 'worker', timeout: 60_000 },
  ],
})

export { expect }

export type PageCheck = (page: Page, label: string) => Promise<void>

const visitorOrder: readonly Visitor[] = ['signed-out', 'recovering', 'operator', 'admin', 'super_admin']

/**
 * Opens every page for every visitor it lists, waits until it has settled
 * (hydrated, presence connected), runs `check`, then opens each of its
 * menus and dialogs in turn and runs `check` with it open. `prepare` runs
 * on each new browser context before any page loads.
 */
export async function visitEveryPage(options: {
  browser: Browser
  baseURL: string
  seeded: Seeded
  screen: Screen
  /** Each page is checked in each of these, switched in place (the app follows the system scheme live), so one walk covers both. */
  colorSchemes: readonly ColorScheme[]
  check: PageCheck
  prepare?: (context: BrowserContext) => Promise<void>
}) {
  const { browser, baseURL, seeded, screen, colorSchemes, check } = options
  const [colorScheme] = colorSchemes
  if (!colorScheme) throw new Error('visitEveryPage needs at least one color scheme')
  /** Runs `check` once per scheme, the page switched to it and settled in it. */
  const checkEachScheme = async (page: Page, label: string) => {
    for (const scheme of colorSchemes) {
      if (colorSchemes.length > 1) {
        await page.emulateMedia({ colorScheme: scheme })
        await expect(page.locator('html'), label).toHaveCSS('color-scheme', scheme)
        await animationsFinished(page)
      }
      await check(page, colorSchemes.length > 1 ? `${label} ${scheme}` : label)
    }
  }
  const app = await import('~/utils/session.server')
  for (const visitor of visitorOrder) {
    const visits = pages.filter((p) => p.visitors.includes(visitor))
    if (visits.length === 0) continue
    const context = await browser.newContext({ baseURL, viewport: screens[screen], colorScheme })
    try {
      if (visitor !== 'signed-out') {
        const [pair] = (await app.serializeSessionToken(seeded.sessionTokens[visitor], new Request(baseURL!))).split(';')
        const separator = pair!.indexOf('=')
        await context.addCookies([{ name: pair!.slice(0, separator), value: pair!.slice(separator + 1), url: baseURL, httpOnly: true, sameSite: 'Lax' }])
      }
      await options.prepare?.(context)
      const page = await context.newPage()
      for (const visit of visits) {
        const url = visit.url?.(seeded.data) ?? `${visit.path}${visit.query?.(seeded.data) ?? ''}`
        const label = `${visit.path} (${visitor}, ${screen})`
        if (colorSchemes.length > 1) await page.emulateMedia({ colorScheme })
        const response = await page.goto(url)
        expect(response?.status(), label).toBe(visit.status ?? 200)
        await expect(page.getByRole('heading', { level: 1 }), label).toHaveText(visit.heading)
        await expect(page.locator('html'), label).toHaveCSS('color-scheme', colorScheme)
        await settle(page, visitor)
        await checkEachScheme(page, label)
        for (const opening of visit.openings ?? []) {
          if (opening.screen && opening.screen !== screen) continue
          if (opening.visitors && !opening.visitors.includes(visitor)) continue
          await opening.before?.(page)
          await open(opening.trigger(page), opening.content(page))
          await animationsFinished(page)
          await checkEachScheme(page, `${label} with the ${opening.name} open`)
          await page.keyboard.press('Escape')
          await expect(opening.content(page), label).toBeHidden()
        }
      }
    } finally {
      await context.close()
    }
  }
}

/**
 * Menus and dialogs fade in: a check made mid-fade sees colors that are not
 * the page's (a half-transparent menu), so wait for every finite animation.
 */
async function animationsFinished(page: Page) {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getComputedTiming().iterations !== Infinity)
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  )
}

/** Hydrated, every request done, and on signed-in pages the presence avatars connected. */
async function settle(page: Page, visitor: Visitor) {
  await page.waitForLoadState('networkidle')
  await animationsFinished(page)
  if (visitor === 'signed-out' || visitor === 'recovering') return
  const presence = page.getByTestId('presence')
  if ((await presence.count()) > 0) await expect(presence).toHaveAttribute('data-status', 'connected', { timeout: 15_000 })
}
