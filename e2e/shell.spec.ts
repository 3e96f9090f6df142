import path from 'node:path'
import type { Page } from '@playwright/test'
import { computedColor } from '../app/styles/theme'
import { expect, test } from './fixtures'

/** The theme tokens (app/styles/theme.ts), as the browser computes them. */
const palette = {
  light: { background: computedColor('light', 'background'), foreground: computedColor('light', 'foreground') },
  dark: { background: computedColor('dark', 'background'), foreground: computedColor('dark', 'foreground') },
} as const

const screens = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const

type Theme = keyof typeof palette

function pageColors(page: Page) {
  return page.evaluate(() => {
    const html = getComputedStyle(document.documentElement)
    const body = getComputedStyle(document.body)
    return { html: html.backgroundColor, body: body.backgroundColor, text: body.color }
  })
}

async function expectTheme(page: Page, theme: Theme) {
  await expect.poll(async () => (await pageColors(page)).html).toBe(palette[theme].background)
  const colors = await pageColors(page)
  // The body paints nothing of its own (the page background is the html's) or the same color.
  expect([palette[theme].background, 'rgba(0, 0, 0, 0)']).toContain(colors.body)
  expect(colors.text).toBe(palette[theme].foreground)
}

for (const [screen, viewport] of Object.entries(screens)) {
  test.describe(`on a ${screen} screen`, () => {
    test.use({ viewport })

    for (const theme of ['light', 'dark'] as const) {
      test(`the shell renders in the ${theme} theme`, async ({ page, createUser, login }, testInfo) => {
        // The stored choice wins over the system setting, so emulate the opposite one.
        await page.emulateMedia({ colorScheme: theme === 'dark' ? 'light' : 'dark' })
        const user = await createUser({ themePreference: theme })
        await login(page, user)
        await page.goto('/dashboard')

        await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
        await expectTheme(page, theme)
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Welcome, ${user.name.split(' ')[0]}`)
        await expect(page.getByText('No leads yet.')).toBeVisible()
        await expect(page.getByRole('button', { name: `Theme: ${theme === 'dark' ? 'Dark' : 'Light'}` })).toBeVisible()
        await page.screenshot({ path: path.join(testInfo.project.outputDir, 'screenshots', `shell-${theme}-${screen}.png`) })

        const sidebar = page.getByTestId('sidebar')
        const menuButton = page.getByTestId('menu-button')
        if (screen === 'desktop') {
          await expect(sidebar).toBeVisible()
          await expect(sidebar.getByRole('navigation', { name: 'Main' })).toBeVisible()
          // This user has no passkey yet, so a banner tops the page; it must not
          // push the foot of the full-height sidebar below the fold.
          await expect(page.getByRole('status').filter({ hasText: 'no passkey yet' })).toBeVisible()
          await expect(sidebar.getByRole('link', { name: 'Your account' })).toBeInViewport({ ratio: 1 })
          const box = await sidebar.boundingBox()
          expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height)
          await expect(menuButton).toBeHidden()
          await expect(page.getByRole('dialog')).toHaveCount(0)
          return
        }

        await expect(sidebar).toBeHidden()
        await expect(menuButton).toBeVisible()
        await expect(page.getByRole('dialog')).toHaveCount(0)
        await menuButton.click()
        const drawer = page.getByRole('dialog', { name: user.organization.name })
        await expect(drawer).toBeVisible()
        await expect(menuButton).toHaveAttribute('aria-expanded', 'true')
        const nav = drawer.getByRole('navigation', { name: 'Main' })
        await expect(nav.getByRole('link', { name: 'Dashboard' })).toBeVisible()
        await nav.getByRole('link', { name: 'Leads' }).click()
        await expect(page).toHaveURL('/leads')
        await expect(page.getByRole('heading', { level: 1, name: 'Leads' })).toBeVisible()
        await expect(page.getByRole('dialog')).toHaveCount(0)
        await expect(menuButton).toHaveAttribute('aria-expanded', 'false')
        await expectTheme(page, theme)
      })
    }
  })
}

test('the theme choice is saved per user', async ({ page, browser, createOrganization, createUser, login }) => {
  const organization = await createOrganization()
  const chooser = await createUser({ organizationId: organization.id })
  const teammate = await createUser({ organizationId: organization.id })

  await login(page, chooser)
  await page.goto('/dashboard')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'system')
  await expectTheme(page, 'light')

  await page.getByTestId('theme-menu').click()
  const saved = page.waitForResponse(
    (response) => /\/resources\/theme(\.data)?(\?|$)/.test(response.url()) && response.request().method() === 'POST',
  )
  await page.getByRole('menuitemradio', { name: 'Dark' }).click()
  expect((await saved).status()).toBe(200)
  await expect(page.getByTestId('theme-menu')).toHaveAccessibleName('Theme: Dark')
  await expectTheme(page, 'dark')

  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await expectTheme(page, 'dark')

  // Another user, in another browser, keeps the system theme (light here, dark on a dark system).
  const other = await browser.newContext({ colorScheme: 'light' })
  try {
    const otherPage = await other.newPage()
    await login(otherPage, teammate)
    await otherPage.goto('/dashboard')
    await expect(otherPage.locator('html')).toHaveAttribute('data-theme', 'system')
    await expect(otherPage.getByTestId('theme-menu')).toHaveAccessibleName('Theme: System')
    await expectTheme(otherPage, 'light')
    await otherPage.emulateMedia({ colorScheme: 'dark' })
    await expectTheme(otherPage, 'dark')

    // The choice belongs to the user, not to a browser: a new session of theirs is dark too.
    const chooserElsewhere = await other.browser()!.newContext({ colorScheme: 'light' })
    try {
      const elsewhere = await chooserElsewhere.newPage()
      await login(elsewhere, chooser)
      await elsewhere.goto('/dashboard')
      await expect(elsewhere.locator('html')).toHaveAttribute('data-theme', 'dark')
      await expectTheme(elsewhere, 'dark')
    } finally {
      await chooserElsewhere.close()
    }
  } finally {
    await other.close()
  }
})

test.describe('on a phone screen', () => {
  test.use({ viewport: screens.phone })

  test('no page is wider than the screen; wide tables scroll inside their frame', async ({ page, createUser, login }) => {
    const admin = await createUser({ role: 'admin' })
    await login(page, admin)
    for (const path of ['/dashboard', '/leads', '/sends', '/conversations', '/account', '/settings/team', '/settings/api-keys', '/settings/carriers', '/settings/audit', '/settings/outbox']) {
      await page.goto(path)
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }))
      expect({ path, scrollWidth }).toEqual({ path, scrollWidth: clientWidth })
    }
  })
})
