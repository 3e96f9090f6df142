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

const pgPort = process.env.E2E_PG_PORT ?? '54370'
process.env.DATABASE_URL = `postgresql://postgres:postgres@localhost:${pgPort}/esd`
process.env.DATABASE_POOL_SIZE ??= '4'
process.env.LOG_LEVEL ??= 'warn'

async function loadApp() {
  const [db, links, sessions, cookies] = await Promise.all([
    import('~/utils/db.server'),
    import('~/modules/auth/create-sign-in-link.server'),
    import('~/modules/auth/sessions.server'),
    import('~/utils/session.server'),
  ])
  return {
    prisma: db.prisma,
    disconnectDb: db.disconnectDb,
    createSignInLink: links.createSignInLink,
    createSession: sessions.createSession,
    serializeSessionToken: cookies.serializeSessionToken,
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
  login: (page: Page, user: TestUser) => Promise<void>
}

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
      const [pair] = (await app.serializeSessionToken(token)).split(';')
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
})

export { expect }
