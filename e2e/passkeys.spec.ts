import { randomBytes } from 'node:crypto'
import { expect, test } from './fixtures'
import { clickPasskeySignIn, confirmWithPasskey, open, signOut } from './ui'
import { VirtualAuthenticators } from './webauthn'

test('an invited operator joins with a passkey, signs in with it and manages passkeys; the admin audits every step', async ({
  page,
  browser,
  baseURL,
  app,
  createUser,
  login,
  emails,
  expireStepUp,
}) => {
  test.setTimeout(60_000)
  const admin = await createUser({ role: 'admin', name: 'Ada Admin' })
  const inviteeEmail = `e2e-invitee-${randomBytes(4).toString('hex')}@example.test`

  // The admin invites an operator.
  await login(page, admin)
  await page.goto('/settings/team')
  await page.getByLabel('Email', { exact: true }).fill(inviteeEmail)
  await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Operator' })
  await page.getByRole('button', { name: 'Send invitation' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Invitation sent' })).toHaveText(`Invitation sent to ${inviteeEmail}.`)
  const pending = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Pending invitations' }) })
  await expect(pending.getByTestId('invitation-row')).toHaveCount(1)
  await expect(pending.getByTestId('invitation-row')).toContainText(inviteeEmail)
  await expect(pending.getByTestId('invitation-row').getByRole('cell').nth(1)).toHaveText('operator')

  // The outbox page tells the admin the invitation went out, but its link is the invitee's alone.
  await page.goto('/settings/outbox')
  await page.getByLabel('Recipient').fill(inviteeEmail)
  await page.getByRole('button', { name: 'Filter' }).click()
  await expect(page).toHaveURL(/[?&]recipient=/)
  const message = page.getByTestId('outbox-message')
  await expect(message).toHaveCount(1)
  await expect(message).toContainText(`Ada Admin invited you to ${admin.organization.name} on esd.quest`)
  await message.getByText(inviteeEmail, { exact: true }).click()
  await expect(message.getByTestId('outbox-body-hidden')).toContainText(`This email carries a one-time link for ${inviteeEmail}`)
  await expect(message.getByRole('link')).toHaveCount(0)
  const invitationLink = (await emails.latest(inviteeEmail, 'invitation')).link
  expect(await page.content()).not.toContain(new URL(invitationLink).searchParams.get('token')!)
  expect(new URL(invitationLink).origin).toBe(baseURL)

  const operatorContext = await browser.newContext()
  const otherOperatorContext = await browser.newContext()
  try {
    // The operator accepts in their own browser, whose platform authenticator ("laptop") creates the passkey.
    const operatorPage = await operatorContext.newPage()
    const authenticators = await VirtualAuthenticators.attach(operatorPage)
    const laptop = await authenticators.add()
    expect(await authenticators.credentialIds(laptop)).toEqual([])

    await operatorPage.goto(invitationLink)
    await expect(operatorPage.getByRole('heading', { name: `Join ${admin.organization.name}` })).toBeVisible()
    await expect(operatorPage.getByText(`You were invited as an operator with ${inviteeEmail}`)).toBeVisible()
    const join = operatorPage.getByRole('button', { name: 'Create passkey and join' })
    await expect(join).toBeEnabled()
    await join.click()
    await expect(operatorPage.getByRole('alert')).toHaveText('Enter your name')
    await operatorPage.getByLabel('Your name').fill('Olive Operator')
    await join.click()
    await expect(operatorPage).toHaveURL('/dashboard')
    await expect(operatorPage.getByRole('heading', { name: 'Welcome, Olive' })).toBeVisible()
    await expect(operatorPage.getByTestId('sidebar').getByText(admin.organization.name)).toBeVisible()

    const [laptopPasskeyId, ...extra] = await authenticators.credentialIds(laptop)
    expect(extra).toEqual([])
    const operator = await app.prisma.user.findUniqueOrThrow({
      where: { email: inviteeEmail },
      select: { id: true, name: true, role: true, organizationId: true, passkeys: { select: { id: true } } },
    })
    expect(operator).toMatchObject({ name: 'Olive Operator', role: 'operator', organizationId: admin.organizationId })
    expect(operator.passkeys).toEqual([{ id: laptopPasskeyId }])

    // The invitation is spent: no longer pending, and its link refuses a second use.
    await page.goto('/settings/team')
    await expect(page.getByText('No pending invitations')).toBeVisible()
    await expect(page.locator(`[data-testid="member-row"][data-email="${inviteeEmail}"]`)).toContainText('Olive Operator')
    const reused = await page.goto(invitationLink)
    expect(reused?.status()).toBe(410)
    await expect(page.getByRole('heading', { name: 'This invitation cannot be used' })).toBeVisible()

    // Sign out, then back in with the passkey alone: no name or email typed.
    await signOut(operatorPage)
    await operatorPage.goto('/dashboard')
    await expect(operatorPage).toHaveURL('/signin?redirectTo=%2Fdashboard')
    await clickPasskeySignIn(operatorPage)
    await expect(operatorPage).toHaveURL('/dashboard')
    await expect(operatorPage.getByRole('heading', { name: 'Welcome, Olive' })).toBeVisible()

    // A second passkey, on a security key. The laptop holds a passkey the
    // registration excludes, so only the key creates the new one (without the
    // exclusion Chromium would store a second credential on the laptop too).
    // The passkey sign-in was "6 minutes ago": adding one first asks to confirm
    // with a passkey of the account, which only the laptop holds.
    await expireStepUp(operator)
    await operatorPage.goto('/account')
    const addPasskey = operatorPage.getByRole('button', { name: 'Add a passkey' })
    await expect(addPasskey).toBeEnabled()
    const rows = operatorPage.getByTestId('passkey-row')
    await expect(rows).toHaveCount(1)
    await expect(rows.getByRole('button', { name: 'Remove' })).toBeDisabled()
    const securityKey = await authenticators.add({ transport: 'usb' })
    const laptopAssertions = await authenticators.signCount(laptop, laptopPasskeyId!)
    await addPasskey.click()
    await confirmWithPasskey(operatorPage)
    await expect(rows).toHaveCount(2)
    expect(await authenticators.signCount(laptop, laptopPasskeyId!)).toBe(laptopAssertions + 1)
    expect(await authenticators.credentialIds(laptop)).toEqual([laptopPasskeyId])
    const [keyPasskeyId, ...more] = await authenticators.credentialIds(securityKey)
    expect(more).toEqual([])
    expect(keyPasskeyId).not.toBe(laptopPasskeyId)
    // Listed oldest first: the laptop's (used to sign in), then the key's (never used).
    await expect(rows.nth(0)).toContainText(/last used \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/)
    await expect(rows.nth(1)).toContainText('last used never')

    // Rename the key's passkey.
    await rows.nth(1).getByRole('button', { name: /^Rename / }).click()
    const nameInput = rows.nth(1).getByRole('textbox', { name: 'Passkey name' })
    await nameInput.fill('Backup security key')
    await rows.nth(1).getByRole('button', { name: 'Save' }).click()
    await expect(rows.nth(1).getByTestId('passkey-name')).toHaveText('Backup security key')
    await expect(rows).toHaveCount(2)
    expect(await app.prisma.passkey.findUniqueOrThrow({ where: { id: keyPasskeyId! }, select: { name: true } })).toEqual({
      name: 'Backup security key',
    })

    // Another browser where the operator is signed in, to see "everywhere" happen.
    const otherPage = await otherOperatorContext.newPage()
    await login(otherPage, operator)
    await otherPage.goto('/dashboard')
    await expect(otherPage.getByRole('heading', { name: 'Welcome, Olive' })).toBeVisible()

    // Remove the laptop's passkey: confirmed in a dialog, then (the last proof
    // being "6 minutes" old again) with a passkey, and every session ends.
    await expireStepUp(operator)
    const laptopName = (await rows.nth(0).getByTestId('passkey-name').textContent())!
    const confirm = operatorPage.getByRole('alertdialog', { name: `Remove “${laptopName}”?` })
    await open(rows.nth(0).getByRole('button', { name: 'Remove' }), confirm)
    await expect(confirm).toContainText('every session of your account ends now')
    await confirm.getByRole('button', { name: 'Remove and sign out' }).click()
    await confirmWithPasskey(operatorPage)
    await expect(operatorPage).toHaveURL('/signin?notice=passkey-removed')
    await expect(operatorPage.getByRole('status')).toHaveText(
      'The passkey was removed and every session ended. Sign in with one of your other passkeys.',
    )
    expect(await app.prisma.passkey.findMany({ where: { userId: operator.id }, select: { id: true } })).toEqual([
      { id: keyPasskeyId },
    ])
    await otherPage.goto('/dashboard')
    await expect(otherPage).toHaveURL('/signin?redirectTo=%2Fdashboard')

    // The laptop is gone; the remaining passkey still signs in.
    const laptopCredentials = await authenticators.remove(laptop)
    await clickPasskeySignIn(operatorPage)
    await expect(operatorPage).toHaveURL('/dashboard')
    await expect(operatorPage.getByRole('heading', { name: 'Welcome, Olive' })).toBeVisible()

    // Whoever finds the laptop cannot sign in with the removed passkey (an unknown
    // credential: the attempt belongs to no account, so it is not in the audit log).
    await signOut(operatorPage)
    await authenticators.remove(securityKey)
    const foundLaptop = await authenticators.add({ credentials: laptopCredentials })
    expect(await authenticators.credentialIds(foundLaptop)).toEqual([laptopPasskeyId])
    await clickPasskeySignIn(operatorPage)
    await expect(operatorPage.getByRole('alert')).toContainText('This passkey is not registered here')
    await expect(operatorPage).toHaveURL('/signin')
    await operatorPage.goto('/dashboard')
    await expect(operatorPage).toHaveURL('/signin?redirectTo=%2Fdashboard')

    // The admin's audit log tells the story (newest first), each step attributed to the operator.
    await page.goto('/settings/audit')
    const auditRows = page.getByTestId('audit-row')
    const operatorActions = (
      await auditRows
        .filter({ has: page.locator('td:nth-child(2)', { hasText: inviteeEmail }) })
        .locator('td:nth-child(3)')
        .allTextContents()
    ).reverse()
    expect(inOrder(operatorActions, [
      'invitation.accepted',
      'passkey.registered',
      'session.signed_out',
      'session.signed_in',
      'session.passkey_confirmed',
      'passkey.registered',
      'passkey.renamed',
      'session.passkey_confirmed',
      'passkey.removed',
      'session.signed_in',
      'session.signed_out',
    ])).toBe(true)
    expect(operatorActions.filter((action) => action === 'passkey.registered')).toHaveLength(2)
    expect(operatorActions.filter((action) => action === 'session.signed_in')).toHaveLength(2)
    const invited = auditRows.filter({ has: page.locator('td:nth-child(3)', { hasText: 'user.invited' }) })
    await expect(invited).toHaveCount(1)
    await expect(invited.locator('td:nth-child(2)')).toContainText(admin.email)
    const removed = auditRows.filter({ has: page.locator('td:nth-child(3)', { hasText: 'passkey.removed' }) })
    await expect(removed.locator('td:nth-child(4)')).toHaveText(`passkey ${laptopPasskeyId}`)
    const renamed = auditRows.filter({ has: page.locator('td:nth-child(3)', { hasText: 'passkey.renamed' }) })
    await expect(renamed.locator('td:nth-child(4)')).toHaveText(`passkey ${keyPasskeyId}`)

    // A target links to its own history.
    await removed.getByRole('link', { name: `Only entries for passkey ${laptopPasskeyId}` }).click()
    await expect(page).toHaveURL(`/settings/audit?targetId=${laptopPasskeyId}`)
    await expect(page.getByLabel('Target id')).toHaveValue(laptopPasskeyId!)
    // Step-up confirmations name the passkey used: the laptop's first one for sure (the
    // second may have been answered by the security key, Chromium's choice).
    await expect(auditRows.locator('td:nth-child(3)').first()).toHaveText('passkey.removed')
    const history = await auditRows.locator('td:nth-child(3)').allTextContents()
    expect(history.filter((action) => action !== 'session.passkey_confirmed')).toEqual(['passkey.removed', 'session.signed_in', 'passkey.registered'])
    expect(history).toContain('session.passkey_confirmed')
    expect(new Set(await auditRows.locator('td:nth-child(4)').allTextContents())).toEqual(new Set([`passkey ${laptopPasskeyId}`]))
  } finally {
    await Promise.all([operatorContext.close(), otherOperatorContext.close()])
  }
})

test('signing in, with a passkey or already signed in, never leaves the site whatever redirectTo says', async ({
  page,
  baseURL,
  createUser,
  login,
}) => {
  const user = await createUser({ name: 'Rhoda Redirect' })
  const authenticators = await VirtualAuthenticators.attach(page)
  await authenticators.add()
  await login(page, user)
  await page.goto('/account')
  const add = page.getByRole('button', { name: 'Add a passkey' })
  await expect(add).toBeEnabled()
  await add.click()
  await expect(page.getByTestId('passkey-row')).toHaveCount(1)

  // A URL parser turns these into `//evil.example/x`, which a browser reads as another host.
  const hostile = ['/.//evil.example/x', '/%2e//evil.example/x', '/a/..//evil.example/x']
  for (const redirectTo of hostile) {
    await page.goto(`/signin?${new URLSearchParams({ redirectTo })}`)
    await expect(page).toHaveURL(`${baseURL}/dashboard`)
  }

  for (const redirectTo of hostile) {
    await signOut(page)
    await page.goto(`/signin?${new URLSearchParams({ redirectTo })}`)
    await clickPasskeySignIn(page)
    await expect(page).toHaveURL(`${baseURL}/dashboard`)
    await expect(page.getByRole('heading', { name: 'Welcome, Rhoda' })).toBeVisible()
  }

  // A path of ours is where the passkey sign-in goes.
  await signOut(page)
  await page.goto(`/signin?${new URLSearchParams({ redirectTo: '/account' })}`)
  await clickPasskeySignIn(page)
  await expect(page).toHaveURL(`${baseURL}/account`)
})

/** Whether `expected` occurs in `actual` in this order (other entries may come between). */
function inOrder(actual: string[], expected: string[]) {
  let next = 0
  for (const action of actual) if (action === expected[next]) next++
  return next === expected.length || `${JSON.stringify(actual)} lacks, in order, ${JSON.stringify(expected)}`
}
