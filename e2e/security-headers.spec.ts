import type { BrowserContext, Page } from '@playwright/test'
import { callApi } from './api'
import { expect, test, visitEveryPage, type ColorScheme, type Screen } from './page-visits'

/**
 * Every response of our HTTP server carries the security headers, and every
 * page (e2e/pages.ts), with its menus and dialogs open, runs under the
 * enforced Content-Security-Policy without a single violation.
 */

declare global {
  interface Window {
    __cspViolations: string[]
  }
}

/** Before any script of any page: record every violation the browser reports. */
function recordViolations() {
  window.__cspViolations = []
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(
      `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber}) ${event.sample}`,
    )
  })
}

/** The browser also says so on the console ("Refused to …"), as it does for a malformed Permissions-Policy. */
const consoleComplaint = /Refused to|Content.Security.Policy|Permissions.Policy/i

function watch(context: BrowserContext) {
  const complaints: string[] = []
  context.on('console', (message) => {
    if (consoleComplaint.test(message.text())) complaints.push(`console: ${message.text()}`)
  })
  return {
    prepare: () => context.addInitScript(recordViolations),
    take: async (page: Page) => [...(await page.evaluate(() => window.__cspViolations.splice(0))), ...complaints.splice(0)],
  }
}

const walks: { screen: Screen; colorScheme: ColorScheme }[] = [
  { screen: 'desktop', colorScheme: 'light' },
  // The drawer exists on phones only.
  { screen: 'phone', colorScheme: 'dark' },
]

for (const { screen, colorScheme } of walks) {
  test(`every page runs under the Content-Security-Policy without a violation, on a ${screen} screen`, async ({
    browser,
    baseURL,
    pageData,
  }) => {
    test.setTimeout(180_000)
    const violations: string[] = []
    const watchers = new Map<BrowserContext, ReturnType<typeof watch>>()
    await visitEveryPage({
      browser,
      baseURL: baseURL!,
      seeded: pageData,
      screen,
      colorSchemes: [colorScheme],
      prepare: async (context) => {
        const watcher = watch(context)
        watchers.set(context, watcher)
        await watcher.prepare()
      },
      check: async (page, label) => {
        for (const violation of await watchers.get(page.context())!.take(page)) violations.push(`${label}: ${violation}`)
      },
    })
    expect(violations).toEqual([])
  })
}

test('the guard sees a violation when one happens', async ({ page, context }) => {
  const watcher = watch(context)
  await watcher.prepare()
  await page.goto('/signin')
  expect(await watcher.take(page)).toEqual([])
  const ran = await page.evaluate(() => {
    const script = document.createElement('script')
    script.textContent = 'window.__injected = true'
    document.body.append(script)
    const styled = document.createElement('div')
    styled.setAttribute('style', 'color: red')
    document.body.append(styled)
    return (window as unknown as { __injected?: boolean }).__injected === true
  })
  expect(ran).toBe(false)
  await expect.poll(async () => (await watcher.take(page)).join('\n')).toMatch(/script-src-elem blocked inline[\s\S]*style-src-attr blocked inline/)
})

test('a page’s scripts carry the nonce of its policy, a new one for every response', async ({ request }) => {
  const nonces = new Set<string>()
  for (let i = 0; i < 2; i++) {
    const response = await request.get('/signin')
    const policy = response.headers()['content-security-policy']!
    const nonce = policy.match(/'nonce-([^']+)'/)?.[1]
    expect(nonce).toBeTruthy()
    expect(policy).toContain(`script-src 'self' 'nonce-${nonce}'`)
    const html = await response.text()
    const scripts = html.match(/<script\b[^>]*>/g) ?? []
    expect(scripts.length).toBeGreaterThan(1)
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`)
    // No inline style in the HTML: the policy admits none.
    expect(html).not.toMatch(/<[^>]+\sstyle="/)
    nonces.add(nonce!)
  }
  expect(nonces.size).toBe(2)
})

test('every kind of response of our server carries the security headers', async ({ request, page, createUser, login }) => {
  const html = await (await request.get('/signin')).text()
  const asset = html.match(/href="(\/build\/[^"]+\.js)"/)?.[1]
  expect(asset).toBeTruthy()
  const user = await createUser()
  await login(page, user)

  const responses = {
    page: await request.get('/signin'),
    'signed-in page': await page.request.get('/dashboard'),
    'loader data': await page.request.get('/dashboard.data'),
    'error page': await request.get('/no-such-page'),
    redirect: await request.get('/', { maxRedirects: 0 }),
    'resource route': await request.get('/healthz'),
    'API error': (await callApi(request, { path: '/api/v1/me' })).response,
    'static file': await request.get('/favicon.svg'),
    'build asset': await request.get(asset!),
    'realtime proxy': await request.get('/v2/c/rooms'),
  }
  for (const [kind, response] of Object.entries(responses)) {
    const headers = response.headers()
    expect({ kind, headers }).toMatchObject({
      kind,
      headers: {
        'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'strict-origin-when-cross-origin',
        'permissions-policy': expect.stringContaining('camera=()'),
        'cross-origin-opener-policy': 'same-origin',
      },
    })
    // One policy per response (two would both be enforced), and in development
    // the realtime client talks to our own origin only.
    expect(response.headersArray().filter(({ name }) => name.toLowerCase() === 'content-security-policy'), kind).toHaveLength(1)
    expect(headers['content-security-policy']).toContain("connect-src 'self';")
    // Served over http://localhost: no HSTS.
    expect(headers['strict-transport-security']).toBeUndefined()
  }
  expect(responses.redirect.status()).toBe(302)
  expect(responses['error page'].status()).toBe(404)
})
