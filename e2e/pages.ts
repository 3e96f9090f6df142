import type { Locator, Page } from '@playwright/test'

/**
 * Every page of the app, and how to reach it with something on it (not
 * just an empty state). The guards that hold for every page use this list:
 * e2e/security-headers.spec.ts (Content-Security-Policy violations) and
 * e2e/accessibility.spec.ts (axe, WCAG 2.1 A and AA). A new page route must
 * be added here: tests/page-list.test.ts fails naming any that is not.
 *
 * The rows the pages show are made once per worker (e2e/page-visits.ts).
 */

/** Who opens a page: each is one browser context, signed in once. */
export type Visitor = 'signed-out' | 'recovering' | 'operator' | 'admin' | 'super_admin'

/** What e2e/page-visits.ts made for the pages to show. */
export type PageData = {
  /** A valid one-time sign-in link, a recovery link and an invitation (query strings). */
  signInLinkQuery: string
  recoveryLinkQuery: string
  invitationQuery: string
  /** A sleeping job run of the page organization, with steps (one failed attempt) and an event. */
  jobRunId: string
  /** A paused import of the page organization, part way through, with one row error. */
  importId: string
  /** A send to the page organization's leads (from its simulated number). */
  sendBatchId: string
  /** A conversation with an inbound reply. */
  conversationId: string
  /** A first-contact template with lint issues. */
  templateId: string
  /** A lead of the page organization, with a phone, a property and a conversation. */
  leadId: string
  /** A draft campaign of the template, in a crusade. */
  campaignId: string
  crusadeId: string
  /** A webhook endpoint with a delivery that failed once. */
  webhookEndpointId: string
  /** A lead form of the page organization, with an accepted and a spam submission. */
  leadFormId: string
  leadFormSlug: string
}

/** A menu or dialog opened on the page, checked while open, then closed with Escape. */
export type Opening = {
  name: string
  /** What has to be open before the trigger can be reached (a dialog that leads to another). */
  before?: (page: Page) => Promise<void>
  trigger: (page: Page) => Locator
  content: (page: Page) => Locator
  /** Only on this screen (the drawer exists on phones only). */
  screen?: 'desktop' | 'phone'
  /** Only for these visitors (only the admin has a passkey to remove). */
  visitors?: readonly Visitor[]
}

export type PageVisit = {
  /**
   * The path; tests/page-list.test.ts matches it against app/routes. A
   * `:param` segment stands for a value `query`/`url` fills in at run time.
   */
  path: string
  visitors: readonly Visitor[]
  /** Appended to the path at run time (a token). */
  query?: (data: PageData) => string
  /** The URL to open, when the path has a `:param` (a row made at run time). */
  url?: (data: PageData) => string
  /** The HTTP status the page answers with (200 unless said). */
  status?: number
  /** The page's level-1 heading, to know the right page (not an error) is shown. */
  heading: string | RegExp
  openings?: readonly Opening[]
}

const userMenu: Opening = {
  name: 'user menu',
  trigger: (page) => page.getByTestId('user-menu'),
  content: (page) => page.getByRole('menu'),
}
const themeMenu: Opening = {
  name: 'theme menu',
  trigger: (page) => page.getByTestId('theme-menu'),
  content: (page) => page.getByRole('menu'),
}
const drawer: Opening = {
  name: 'navigation drawer',
  trigger: (page) => page.getByTestId('menu-button'),
  content: (page) => page.getByRole('dialog'),
  screen: 'phone',
}
function confirmDialog(button: string | RegExp, visitors?: readonly Visitor[]): Opening {
  return {
    name: `“${String(button)}” confirmation`,
    trigger: (page) => page.getByRole('main').getByRole('button', { name: button }).first(),
    content: (page) => page.getByRole('alertdialog'),
    visitors,
  }
}

export const pages: readonly PageVisit[] = [
  // Signed out
  { path: '/signin', visitors: ['signed-out'], heading: 'Sign in' },
  { path: '/signin/link', visitors: ['signed-out'], query: (d) => d.signInLinkQuery, heading: 'Sign in' },
  { path: '/recover', visitors: ['signed-out'], heading: 'Recover your account' },
  { path: '/recover/link', visitors: ['signed-out'], query: (d) => d.recoveryLinkQuery, heading: 'Recover your account' },
  { path: '/recover/passkey', visitors: ['recovering'], heading: 'Register a new passkey' },
  { path: '/invite/accept', visitors: ['signed-out'], query: (d) => d.invitationQuery, heading: /^Join / },
  // Public, like the OpenAPI document it is rendered from.
  { path: '/api/docs', visitors: ['signed-out', 'admin'], heading: 'esd.quest API reference' },

  // Signed in
  {
    path: '/dashboard',
    visitors: ['operator', 'admin', 'super_admin'],
    heading: /^Welcome, /,
    openings: [userMenu, themeMenu, drawer],
  },
  { path: '/leads', visitors: ['operator'], heading: 'Leads' },
  { path: '/leads/:id', url: (d) => `/leads/${d.leadId}`, visitors: ['operator', 'admin'], heading: /\S/ },
  { path: '/imports', visitors: ['operator'], heading: 'Imports' },
  { path: '/imports/upload', visitors: ['operator'], heading: 'Upload a lead file' },
  {
    path: '/imports/:id',
    url: (d) => `/imports/${d.importId}`,
    visitors: ['operator'],
    heading: 'county-owners.csv',
    openings: [
      confirmDialog('Cancel import'),
      { name: 'raw row', trigger: (page) => page.getByTestId('open-row').first(), content: (page) => page.getByRole('dialog') },
    ],
  },
  { path: '/sends', visitors: ['operator'], heading: 'Sends' },
  { path: '/sends/:batchId', url: (d) => `/sends/${d.sendBatchId}`, visitors: ['operator', 'admin'], heading: 'Send' },
  { path: '/conversations', visitors: ['operator'], heading: 'Conversations' },
  { path: '/conversations/:id', url: (d) => `/conversations/${d.conversationId}`, visitors: ['operator', 'admin'], heading: /\S/ },
  { path: '/templates', visitors: ['operator'], heading: 'Templates' },
  { path: '/templates/new', visitors: ['operator'], heading: 'New template' },
  { path: '/templates/:id', url: (d) => `/templates/${d.templateId}`, visitors: ['operator'], heading: 'Seller intro' },
  { path: '/campaigns', visitors: ['operator'], heading: 'Campaigns' },
  { path: '/campaigns/new', visitors: ['operator'], heading: 'New campaign' },
  { path: '/campaigns/:id', url: (d) => `/campaigns/${d.campaignId}`, visitors: ['operator', 'admin'], heading: 'Spring intro' },
  { path: '/campaigns/:id/edit', url: (d) => `/campaigns/${d.campaignId}/edit`, visitors: ['operator'], heading: 'Edit Spring intro' },
  { path: '/crusades/new', visitors: ['operator'], heading: 'New crusade' },
  { path: '/crusades/:id', url: (d) => `/crusades/${d.crusadeId}`, visitors: ['operator'], heading: 'Spring sellers' },
  { path: '/pipeline', visitors: ['operator'], heading: 'Pipeline' },
  { path: '/forms', visitors: ['operator'], heading: 'Lead forms' },
  { path: '/forms/new', visitors: ['operator'], heading: 'New lead form' },
  { path: '/forms/:id', url: (d) => `/forms/${d.leadFormId}`, visitors: ['operator', 'admin'], heading: 'Website sellers' },
  { path: '/f/:slug', url: (d) => `/f/${d.leadFormSlug}`, visitors: ['signed-out'], heading: 'Get a cash offer' },
  { path: '/imports/:id/mapping', url: (d) => `/imports/${d.importId}/mapping`, visitors: ['operator'], heading: 'Map the columns' },
  {
    path: '/account',
    visitors: ['operator', 'admin'],
    heading: 'Your account',
    openings: [
      confirmDialog('Sign out everywhere'),
      confirmDialog('Remove', ['admin']),
      confirmDialog(/^End session on /, ['admin']),
      confirmDialog('Make new codes', ['admin']),
      {
        // Replacing the codes needs a fresh passkey proof, which this session lacks.
        name: 'step-up prompt',
        before: async (page) => {
          await page.getByRole('main').getByRole('button', { name: 'Make new codes' }).click()
          await page.getByRole('alertdialog').waitFor()
        },
        trigger: (page) => page.getByRole('alertdialog').getByRole('button', { name: 'Replace codes' }),
        content: (page) => page.getByRole('alertdialog', { name: 'Confirm with your passkey' }),
        visitors: ['admin'],
      },
    ],
  },
  { path: '/settings/team', visitors: ['admin'], heading: 'Settings', openings: [confirmDialog('Disable')] },
  { path: '/settings/api-keys', visitors: ['admin'], heading: 'Settings', openings: [confirmDialog(/^Revoke /)] },
  { path: '/settings/carriers', visitors: ['admin'], heading: 'Settings', openings: [confirmDialog(/^Disable/)] },
  { path: '/settings/webhooks', visitors: ['admin'], heading: 'Settings' },
  {
    path: '/settings/webhooks/:id',
    url: (d) => `/settings/webhooks/${d.webhookEndpointId}`,
    visitors: ['admin'],
    heading: 'Settings',
    openings: [confirmDialog('Rotate secret'), confirmDialog('Delete')],
  },
  { path: '/settings/gohighlevel', visitors: ['admin'], heading: 'Settings' },
  { path: '/settings/audit', visitors: ['admin'], heading: 'Settings' },
  { path: '/settings/outbox', visitors: ['admin'], heading: 'Settings' },
  { path: '/settings/jobs', visitors: ['admin', 'super_admin'], heading: 'Settings' },
  {
    path: '/settings/jobs/:runId',
    url: (d) => `/settings/jobs/${d.jobRunId}`,
    visitors: ['admin', 'super_admin'],
    heading: 'Settings',
    openings: [confirmDialog('Cancel run')],
  },
  { path: '/platform', visitors: ['super_admin'], heading: 'Platform' },

  // Error pages
  { path: '/settings', visitors: ['operator'], status: 403, heading: 'Not allowed' },
  { path: '/no-such-page', visitors: ['signed-out', 'admin'], status: 404, heading: 'Page not found' },
]
