import { describeUserAgent } from '~/utils/user-agent'
import { expect, test } from './fixtures'
import { open } from './ui'

test('the account page lists where you are signed in, and ending a session signs out that browser', async ({
  page,
  browser,
  createUser,
  signInLink,
}) => {
  const user = await createUser({ name: 'Sam Sessions' })
  const signIn = async (target: typeof page) => {
    await target.goto(await signInLink(user))
    await target.getByRole('button', { name: 'Continue' }).click()
    await expect(target).toHaveURL('/dashboard')
  }

  const other = await browser.newContext()
  try {
    // Two browsers, each signed in with its own one-time link.
    const otherPage = await other.newPage()
    await signIn(otherPage)
    await signIn(page)

    await page.goto('/account')
    // Both browsers send the same User-Agent (the suite's Chromium), so both show one device name.
    const device = describeUserAgent(await page.evaluate(() => navigator.userAgent))
    expect(device).toMatch(/^Chrome on /)
    const rows = page.getByTestId('session-row')
    await expect(rows).toHaveCount(2)
    const mine = rows.filter({ hasText: 'This device' })
    await expect(mine).toHaveCount(1)
    for (const row of await rows.all()) {
      await expect(row).toContainText(device)
      await expect(row).toContainText(/IP \S+ · signed in \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC · last seen \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/)
    }

    // End the other browser's session, confirmed in a dialog.
    const theirs = rows.filter({ hasNotText: 'This device' })
    const dialog = page.getByRole('alertdialog', { name: `End the session on ${device}?` })
    await open(theirs.getByRole('button', { name: `End session on ${device}` }), dialog)
    await dialog.getByRole('button', { name: 'End session' }).click()
    await expect(rows).toHaveCount(1)
    await expect(rows).toContainText('This device')

    // The other browser is signed out at its next request; this one is not.
    await otherPage.goto('/dashboard')
    await expect(otherPage).toHaveURL('/signin?redirectTo=%2Fdashboard')
    await page.goto('/dashboard')
    await expect(page.getByRole('heading', { name: 'Welcome, Sam' })).toBeVisible()

    // Ending this session signs out here.
    await page.goto('/account')
    const self = page.getByRole('alertdialog', { name: 'End this session?' })
    await open(page.getByRole('button', { name: 'End this session' }), self)
    await self.getByRole('button', { name: 'End and sign out' }).click()
    await expect(page).toHaveURL('/signin?notice=session-ended')
    await expect(page.getByRole('status')).toHaveText('You ended this session and are signed out on this device.')
    await page.goto('/dashboard')
    await expect(page).toHaveURL('/signin?redirectTo=%2Fdashboard')
  } finally {
    await other.close()
  }
})
