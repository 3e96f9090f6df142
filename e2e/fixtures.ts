import { randomBytes } from 'node:crypto'
import { test as base, expect, type Page } from '@playwright/test'

/**
 * Fixtures that create the rows a test needs, through the app's own module
 * functions, in the database of the server under test, and delete them
 * afterwards. Deleting an organization cascades to its users, their
 * sessions and their sign-in links.
 *
 * The app modules read DATABASE_URL when they are first imported, so they are
 * imported lazily, after it points at the e2e server's embedded Postgres.
 */

// Chosen by playwright.config.ts in the runner, inherited by every worker.
const pgPort = process.env.E2E_PG_PORT
if (!pgPort) throw new Error('E2E_PG_PORT is unset: run the e2e tests with `npx playwright test`, whose config sets it.')
// As the app role, like the server under test (scripts/lib/database-roles.ts).
process.env.DATABASE_URL = `postgresql://esd_app:esd_app@localhost:${pgPort}/esd`
process.env.DATABASE_POOL_SIZE ??= '4'
// The server's Liveblocks dev server, so that what a test does in the worker (a carrier's reply) reaches open pages.
if (process.env.E2E_LIVEBLOCKS_PORT) process.env.LIVEBLOCKS_BASE_URL = `http://localhost:${process.env.E2E_LIVEBLOCKS_PORT}`
process.env.LOG_LEVEL ??= 'warn'

async function loadApp() {
  const [db, links, sessions, cookies, recoveryCodes, tokens] = await Promise.all([
    import('~/utils/db.server'),
    import('~/modules/auth/create-sign-in-link.server'),
    import('~/modules/auth/sessions.server'),
    import('~/utils/session.server'),
    import('~/modules/auth/generate-recovery-codes.server'),
    import('~/modules/auth/tokens.server'),
    // Making recovery codes emails a notice, whose event loads every job function on
    // first use; loading them now keeps that out of the fixture's transaction.
    import('../inngest/index'),
  ])
  return {
    prisma: db.prisma,
    disconnectDb: db.disconnectDb,
    createSignInLink: links.createSignInLink,
    createSession: sessions.createSession,
    serializeSessionToken: cookies.serializeSessionToken,
    generateRecoveryCodes: recoveryCodes.generateRecoveryCodes,
    hashToken: tokens.hashToken,
  }
}

type App = Awaited<ReturnType<typeof loadApp>>

export type TestOrganization = { id: string; name: string; slug: string }
export type TestUser = {
  id: string
  name: string
  email: string
  role: 'super_admin' | 'admin' | 'operator'
  organizationId: string
  organization: TestOrganization
}
type Role = TestUser['role']
type Theme = 'system' | 'light' | 'dark'

const unique = () => randomBytes(4).toString('hex')

type TestFixtures = {
  createOrganization: (options?: { name?: string; environment?: 'prod' | 'sandbox' | 'test' }) => Promise<TestOrganization>
  createUser: (options?: {
    organizationId?: string
    role?: Role
    name?: string
    themePreference?: Theme
  }) => Promise<TestUser>
  /** A fresh one-time sign-in URL; `now` in the past makes an expired one. */
  signInLink: (user: TestUser, options?: { now?: Date }) => Promise<string>
  /** Signs the page's browser context in as the user (a real session row and cookie). */
  login: (page: Page, user: Pick<TestUser, 'id'>) => Promise<void>
  /**
   * Forgets the per-IP counters of the sign-in and recovery limits. Every
   * browser in the suite is the same client (127.0.0.1), so without this the
   * tests of a run share one small budget (10 recovery requests per 15
   * minutes); per-account limits are untouched.
   */
  clearIpRateLimits: () => Promise<void>
  /**
   * Makes the passkey proof of every session of the user older than the
   * 5-minute step-up window, as if the last passkey sign-in or confirmation
   * were 6 minutes ago: the next guarded change asks "Confirm with your passkey".
   */
  expireStepUp: (user: Pick<TestUser, 'id'>) => Promise<void>
  /** Ten fresh recovery codes for the user (the old ones stop working), as `/account` would make them. */
  recoveryCodes: (user: TestUser) => Promise<string[]>
  /**
   * The email outbox (`email_outbox`), as the server under test wrote it.
   * Emails to addresses looked up here are deleted after the test.
   */
  emails: {
    /** The newest email to the address with that tag; waits (up to 10 s) for it to be written. */
    latest: (to: string, tag: 'invitation' | 'recovery-link' | 'security-notice') => Promise<Email>
    /** How many emails went to the address (with that tag, if given). */
    count: (to: string, tag?: string) => Promise<number>
  }
}

export type Email = { to: string; subject: string; text: string; tag: string; createdAt: Date; /** The first link in the text. */ link: string }

type WorkerFixtures = { app: App }

export const test = base.extend<TestFixtures, WorkerFixtures>({
  app: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const app = await loadApp()
      await use(app)
      await app.disconnectDb()
    },
    { scope: 'worker' },
  ],

  createOrganization: async ({ app }, use) => {
    const created: string[] = []
    await use(async (options = {}) => {
      const suffix = unique()
      const organization = await app.prisma.organization.create({
        data: {
          name: options.name ?? `E2E Org ${suffix}`,
          slug: `e2e-${suffix}`,
          environment: options.environment ?? 'test',
        },
        select: { id: true, name: true, slug: true },
      })
      created.push(organization.id)
      return organization
    })
    if (created.length) await app.prisma.organization.deleteMany({ where: { id: { in: created } } })
  },

  // Depends on createOrganization, so it is torn down first: users (also any
  // made in an organization the test did not create) go before organizations.
  createUser: async ({ app, createOrganization }, use) => {
    const created: string[] = []
    await use(async (options = {}) => {
      const organizationId = options.organizationId ?? (await createOrganization()).id
      const suffix = unique()
      const user = await app.prisma.user.create({
        data: {
          organizationId,
          email: `e2e-${suffix}@example.test`,
          name: options.name ?? `Tess ${suffix}`,
          role: options.role ?? 'operator',
          themePreference: options.themePreference ?? 'system',
        },
        select: {
          id: true,
          name: true,
          email: true,
          role: true,
          organizationId: true,
          organization: { select: { id: true, name: true, slug: true } },
        },
      })
      created.push(user.id)
      return user
    })
    if (created.length) await app.prisma.user.deleteMany({ where: { id: { in: created } } })
  },

  signInLink: async ({ app, baseURL }, use) => {
    await use(async (user, options = {}) => {
      const link = await app.createSignInLink({ userId: user.id, baseUrl: baseURL!, now: options.now })
      return link.url
    })
  },

  login: async ({ app, baseURL }, use) => {
    await use(async (page, user) => {
      const { token, expiresAt } = await app.createSession({ userId: user.id, userAgent: 'playwright e2e' })
      const [pair] = (await app.serializeSessionToken(token, new Request(baseURL!))).split(';')
      const separator = pair!.indexOf('=')
      await page.context().addCookies([
        {
          name: pair!.slice(0, separator),
          value: pair!.slice(separator + 1),
          url: baseURL!,
          httpOnly: true,
          sameSite: 'Lax',
          expires: Math.floor(expiresAt.getTime() / 1000),
        },
      ])
    })
  },

  clearIpRateLimits: async ({ app }, use) => {
    await use(async () => {
      await app.prisma.rateLimitBucket.deleteMany({ where: { key: { contains: ':ip:' } } })
    })
  },

  expireStepUp: async ({ app }, use) => {
    await use(async (user) => {
      await app.prisma.session.updateMany({
        where: { userId: user.id, passkeyVerifiedAt: { not: null } },
        data: { passkeyVerifiedAt: new Date(Date.now() - 6 * 60 * 1000) },
      })
    })
  },

  recoveryCodes: async ({ app }, use) => {
    await use(async (user) => {
      // Making codes needs a passkey confirmed in the last 5 minutes (step-up): the
      // fixture uses a session of its own that says so, and ends it afterwards.
      const { token } = await app.createSession({ userId: user.id, passkeyVerified: true, userAgent: 'e2e fixture' })
      const sessionId = app.hashToken(token)
      try {
        return await app.generateRecoveryCodes({
          userId: user.id,
          sessionId,
          actor: { type: 'user', userId: user.id, organizationId: user.organizationId, label: user.email },
        })
      } finally {
        await app.prisma.session.delete({ where: { id: sessionId } })
      }
    })
  },

  emails: async ({ app }, use) => {
    const recipients = new Set<string>()
    const find = (to: string, tag: string) =>
      app.prisma.emailMessage.findFirst({
        where: { to: to.toLowerCase(), tag },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        select: { to: true, subject: true, textBody: true, tag: true, createdAt: true },
      })
    await use({
      latest: async (to, tag) => {
        recipients.add(to.toLowerCase())
        // Written by the action that sent it, or after it answered by a background job (recovery links).
        const deadline = Date.now() + 10_000
        let row = await find(to, tag)
        while (!row && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 100))
          row = await find(to, tag)
        }
        if (!row) throw new Error(`No ${tag} email to ${to} in the outbox`)
        const text = row.textBody ?? ''
        const link = text.match(/https?:\/\/\S+/)?.[0]
        if (!link) throw new Error(`The ${tag} email to ${to} has no link:\n${text}`)
        return { to: row.to, subject: row.subject, text, tag: row.tag, createdAt: row.createdAt, link }
      },
      count: async (to, tag) => {
        recipients.add(to.toLowerCase())
        return app.prisma.emailMessage.count({ where: { to: to.toLowerCase(), ...(tag ? { tag } : {}) } })
      },
    })
    if (recipients.size) await app.prisma.emailMessage.deleteMany({ where: { to: { in: [...recipients] } } })
  },
})

export { expect }
