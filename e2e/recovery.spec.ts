import { randomBytes } from 'node:crypto'
import type { Browser, Page, Response } from '@playwright/test'
import { expect, test, type TestUser } from './fixtures'
import { clickPasskeySignIn, confirmWithPasskey, open } from './ui'
import { VirtualAuthenticators } from './webauthn'

const LINK_SENT = 'If an account uses that address, a recovery link is on its way. It works once, for 15 minutes.'
const CODE_MISMATCH = 'That email and code do not match an unused recovery code.'
/** /recover, or /recover?index after the form posted to the index route. */
const RECOVER_URL = /\/recover(\?index)?$/

/** The /recover form's POST (a document or a single-fetch data request). */
const isRecoverPost = (response: Response) =>
  response.request().method() === 'POST' && /^\/recover(\.data)?$/.test(new URL(response.url()).pathname)

test.beforeEach(async ({ clearIpRateLimits }) => {
  await clearIpRateLimits()
})

/** The user's browser: signed in by cookie, registers a passkey on /account with its platform authenticator. */
async function userWithPasskey(page: Page, user: TestUser, login: (page: Page, user: TestUser) => Promise<void>) {
  const authenticators = await VirtualAuthenticators.attach(page)
  const laptop = await authenticators.add()
  await login(page, user)
  await page.goto('/account')
  const add = page.getByRole('button', { name: 'Add a passkey' })
  await expect(add).toBeEnabled()
  await add.click()
  await expect(page.getByTestId('passkey-row')).toHaveCount(1)
  const [passkeyId] = await authenticators.credentialIds(laptop)
  expect(passkeyId).toBeTruthy()
  return passkeyId!
}

/** Another device: a new browser context with its own, empty platform authenticator. */
async function newDevice(browser: Browser) {
  const context = await browser.newContext()
  const page = await context.newPage()
  const authenticators = await VirtualAuthenticators.attach(page)
  const authenticatorId = await authenticators.add()
  return { context, page, authenticators, authenticatorId }
}

/** On /recover/passkey: creates the new passkey, which ends recovery signed in on /account. */
async function finishWithNewPasskey(page: Page) {
  await expect(page).toHaveURL('/recover/passkey')
  await expect(page.getByRole('heading', { name: 'Register a new passkey' })).toBeVisible()
  const create = page.getByRole('button', { name: 'Create passkey' })
  await expect(create).toBeEnabled()
  await create.click()
  await expect(page).toHaveURL('/account?recovered=1')
  await expect(page.getByRole('status').filter({ hasText: 'Your account is recovered' })).toHaveText(
    'Your account is recovered and the new passkey is saved. If you used a recovery code, make new ones below.',
  )
}

test('a lost passkey is replaced through an emailed recovery link, which works once', async ({
  page,
  browser,
  baseURL,
  app,
  createUser,
  login,
  emails,
}) => {
  const user = await createUser({ name: 'Rita Recover' })
  const oldPasskeyId = await userWithPasskey(page, user, login)

  const device = await newDevice(browser)
  try {
    const { page: newPage, authenticators, authenticatorId } = device
    // This device holds no passkey for the account: signing in fails.
    await clickPasskeySignIn(newPage)
    await expect(newPage.getByRole('alert')).toContainText('The passkey prompt was closed or timed out')
    await expect(newPage).toHaveURL('/signin')

    await newPage.getByRole('link', { name: 'Lost your passkey? Recover your account' }).click()
    await expect(newPage).toHaveURL('/recover')
    const linkForm = newPage.locator('form').filter({ has: newPage.getByRole('heading', { name: 'Email me a recovery link' }) })

    // The answer does not tell whether an account exists.
    const askFor = async (email: string) => {
      await linkForm.getByLabel('Email').fill(email)
      const send = linkForm.getByRole('button', { name: 'Send recovery link' })
      const [response] = await Promise.all([newPage.waitForResponse(isRecoverPost), send.click()])
      await expect(send).toBeEnabled()
      await expect(linkForm.getByRole('status')).toHaveText(LINK_SENT)
      // A sent request clears the form.
      await expect(linkForm.getByLabel('Email')).toHaveValue('')
      return { status: response.status(), body: await response.text(), form: await linkForm.innerText() }
    }
    const unknownEmail = `e2e-nobody-${randomBytes(4).toString('hex')}@example.test`
    const forUnknown = await askFor(unknownEmail)
    const forUser = await askFor(user.email)
    expect(forUser).toEqual(forUnknown)

    // The email is written after the answer, by a background job.
    const email = await emails.latest(user.email, 'recovery-link')
    expect(await emails.count(user.email, 'recovery-link')).toBe(1)
    expect(await emails.count(unknownEmail)).toBe(0)
    expect(email.subject).toBe('Recover your esd.quest account')
    expect(email.link.startsWith(`${baseURL}/recover/link?token=`)).toBe(true)

    // Opening the link shows whose account it is; Continue spends it.
    await newPage.goto(email.link)
    await expect(newPage.getByText(`Continue to register a new passkey for ${user.email}`)).toBeVisible()
    await newPage.getByRole('button', { name: 'Continue' }).click()
    await finishWithNewPasskey(newPage)

    const [newPasskeyId, ...extra] = await authenticators.credentialIds(authenticatorId)
    expect(extra).toEqual([])
    expect(newPasskeyId).not.toBe(oldPasskeyId)
    const passkeys = await app.prisma.passkey.findMany({ where: { userId: user.id }, orderBy: { createdAt: 'asc' }, select: { id: true } })
    expect(passkeys.map((p) => p.id)).toEqual([oldPasskeyId, newPasskeyId])
    await expect(newPage.getByTestId('passkey-row')).toHaveCount(2)
    await newPage.goto('/dashboard')
    await expect(newPage.getByRole('heading', { name: 'Welcome, Rita' })).toBeVisible()

    // The link is spent: refused, and it starts no session.
    const again = await newPage.goto(email.link)
    expect(again?.status()).toBe(410)
    await expect(newPage.getByRole('heading', { name: 'This link cannot be used' })).toBeVisible()
    await expect(newPage.getByRole('alert')).toContainText('already been used')
    await expect(newPage.getByRole('button', { name: 'Continue' })).toHaveCount(0)
  } finally {
    await device.context.close()
  }
})

test('a recovery code replaces a lost passkey once; the account then has one code fewer', async ({
  page,
  browser,
  app,
  createUser,
  login,
}) => {
  const user = await createUser({ name: 'Cody Codes' })
  await userWithPasskey(page, user, login)

  // Ten codes, shown once, after confirming with the passkey (registering it was no assertion).
  const status = page.getByTestId('recovery-code-status')
  await expect(status).toHaveText('You have none yet.')
  const dialog = page.getByRole('alertdialog', { name: 'Create recovery codes?' })
  await open(page.getByRole('button', { name: 'Create recovery codes' }), dialog)
  await dialog.getByRole('button', { name: 'Create codes' }).click()
  await confirmWithPasskey(page)
  const codeList = page.getByTestId('recovery-codes')
  await expect(codeList.getByRole('listitem')).toHaveCount(10)
  const codes = await codeList.getByRole('listitem').allTextContents()
  for (const code of codes) expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/)
  expect(new Set(codes).size).toBe(10)
  await expect(status).toHaveText('10 of 10 unused.')
  await page.reload()
  await expect(status).toHaveText('10 of 10 unused.')
  await expect(page.getByTestId('recovery-codes')).toHaveCount(0)
  expect(await page.content()).not.toContain(codes[0])

  const code = codes[3]!
  const device = await newDevice(browser)
  const thief = await browser.newContext()
  try {
    const { page: newPage, authenticators, authenticatorId } = device
    await newPage.goto('/recover')
    const codeForm = newPage.locator('form').filter({ has: newPage.getByRole('heading', { name: 'Use a recovery code' }) })
    // Typed by hand: lower case, without dashes, is the same code.
    await codeForm.getByLabel('Email').fill(user.email.toUpperCase())
    await codeForm.getByLabel('Recovery code').fill(code.toLowerCase().replace(/-/g, ' '))
    await codeForm.getByRole('button', { name: 'Continue' }).click()
    await finishWithNewPasskey(newPage)
    expect(await authenticators.credentialIds(authenticatorId)).toHaveLength(1)
    await expect(newPage.getByTestId('passkey-row')).toHaveCount(2)
    await expect(newPage.getByTestId('recovery-code-status')).toHaveText('9 of 10 unused.')

    // The same code again, in yet another browser: refused, and nobody is signed in there.
    const thiefPage = await thief.newPage()
    await thiefPage.goto('/recover')
    const thiefForm = thiefPage.locator('form').filter({ has: thiefPage.getByRole('heading', { name: 'Use a recovery code' }) })
    await thiefForm.getByLabel('Email').fill(user.email)
    await thiefForm.getByLabel('Recovery code').fill(code)
    await thiefForm.getByRole('button', { name: 'Continue' }).click()
    await expect(thiefForm.getByRole('alert')).toHaveText(CODE_MISMATCH)
    await expect(thiefPage).toHaveURL(RECOVER_URL)
    expect(await thief.cookies()).toEqual([])
    await thiefPage.goto('/recover/passkey')
    await expect(thiefPage).toHaveURL('/recover')

    expect(await app.prisma.recoveryCode.count({ where: { userId: user.id, usedAt: null } })).toBe(9)
    // Recovery ended every other session: the browser of the lost passkey is signed out.
    await page.goto('/account')
    await expect(page).toHaveURL(/\/signin/)
    await newPage.reload()
    await expect(newPage.getByTestId('recovery-code-status')).toHaveText('9 of 10 unused.')
  } finally {
    await Promise.all([device.context.close(), thief.close()])
  }
})

test('a wrong recovery code is refused and signs nobody in', async ({ page, context, app, createUser, recoveryCodes }) => {
  const user = await createUser()
  await recoveryCodes(user)

  await page.goto('/recover')
  const codeForm = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Use a recovery code' }) })
  await codeForm.getByLabel('Email').fill(user.email)
  await codeForm.getByLabel('Recovery code').fill('ABCD-EFGH-JKMN-PQRS')
  const [response] = await Promise.all([
    page.waitForResponse(isRecoverPost),
    codeForm.getByRole('button', { name: 'Continue' }).click(),
  ])
  expect(response.status()).toBe(400)
  await expect(codeForm.getByRole('alert')).toHaveText(CODE_MISMATCH)
  await expect(page).toHaveURL(RECOVER_URL)
  expect(await context.cookies()).toEqual([])

  await page.goto('/recover/passkey')
  await expect(page).toHaveURL('/recover')
  await page.goto('/dashboard')
  await expect(page).toHaveURL('/signin?redirectTo=%2Fdashboard')
  expect(await app.prisma.recoveryCode.count({ where: { userId: user.id, usedAt: null } })).toBe(10)
})
