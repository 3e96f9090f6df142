import { randomBytes } from 'node:crypto'
import { expect, test } from './fixtures'

test('a one-time link signs in once; signing out ends the session', async ({ page, browser, createUser, signInLink }) => {
  const user = await createUser({ name: 'Grace Hopper' })
  const link = await signInLink(user)

  const first = await page.goto(link)
  expect(first?.status()).toBe(200)
  await expect(page.getByText(`Continue as ${user.name} (${user.email})`)).toBeVisible()
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page).toHaveURL('/dashboard')
  await expect(page.getByRole('heading', { name: 'Welcome, Grace' })).toBeVisible()
  await expect(page.getByText(`${user.organization.name} at a glance`)).toBeVisible()
  await expect(page.getByTestId('sidebar').getByText(user.organization.name)).toBeVisible()

  // The same link in another browser: used up, and no session from it.
  const other = await browser.newContext()
  try {
    const otherPage = await other.newPage()
    const again = await otherPage.goto(link)
    expect(again?.status()).toBe(410)
    await expect(otherPage.getByRole('heading', { name: 'This link cannot be used' })).toBeVisible()
    await expect(otherPage.getByRole('alert')).toContainText('already been used')
    await expect(otherPage.getByRole('button', { name: 'Continue' })).toHaveCount(0)
    expect(await other.cookies()).toEqual([])
    await otherPage.goto('/dashboard')
    await expect(otherPage).toHaveURL('/signin?redirectTo=%2Fdashboard')
  } finally {
    await other.close()
  }

  // Sign out from the user menu.
  await page.getByRole('button', { name: `Account: ${user.name}` }).click()
  await page.getByRole('menuitem', { name: 'Sign out' }).click()
  await expect(page).toHaveURL('/signin')
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()

  await page.goto('/dashboard')
  await expect(page).toHaveURL('/signin?redirectTo=%2Fdashboard')
  await expect(page.getByText(user.organization.name)).toHaveCount(0)

  // After signing out, the old link still does not sign anyone in.
  await page.goto(link)
  await expect(page.getByRole('alert')).toContainText('already been used')
  await page.goto('/dashboard')
  await expect(page).toHaveURL('/signin?redirectTo=%2Fdashboard')
})

test('a link opened twice is used by whoever continues first', async ({ browser, page, createUser, signInLink }) => {
  const user = await createUser()
  const link = await signInLink(user)

  // Looking at the link (as mail scanners do) does not use it up.
  await page.goto(link)
  await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible()

  const other = await browser.newContext()
  try {
    const otherPage = await other.newPage()
    await otherPage.goto(link)
    await otherPage.getByRole('button', { name: 'Continue' }).click()
    await expect(otherPage).toHaveURL('/dashboard')
  } finally {
    await other.close()
  }

  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('alert')).toContainText('already been used')
  await expect(page).toHaveURL(/\/signin\/link\?token=/)
  await page.goto('/dashboard')
  await expect(page).toHaveURL('/signin?redirectTo=%2Fdashboard')
})

test('an expired link is refused with its reason', async ({ page, createUser, signInLink }) => {
  const user = await createUser()
  const link = await signInLink(user, { now: new Date(Date.now() - 16 * 60 * 1000) })
  const response = await page.goto(link)
  expect(response?.status()).toBe(410)
  await expect(page.getByRole('alert')).toContainText('has expired')
  await expect(page.getByRole('button', { name: 'Continue' })).toHaveCount(0)
  await page.getByRole('link', { name: 'Back to sign in' }).click()
  await expect(page).toHaveURL('/signin')
})

test('a garbage or unknown token is refused as not valid', async ({ page }) => {
  const malformed = await page.goto('/signin/link?token=garbage')
  expect(malformed?.status()).toBe(400)
  await expect(page.getByRole('alert')).toContainText('This sign-in link is not valid')

  const unknown = await page.goto(`/signin/link?token=${randomBytes(32).toString('base64url')}`)
  expect(unknown?.status()).toBe(410)
  await expect(page.getByRole('alert')).toContainText('This sign-in link is not valid')
  await expect(page.getByRole('button', { name: 'Continue' })).toHaveCount(0)
})
