import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, test } from './fixtures'

/** A valid Austin mobile number no other test uses. */
const freshNumber = () => `+1512${String(2_000_000 + (Date.now() % 7_000_000)).padStart(7, '0')}`

const PHONE_VIEWPORT = { width: 390, height: 844 }
const IPHONE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1'

test('an operator creates a lead form, a visitor fills it on a phone, and the lead page shows the consent evidence', async ({ page, browser, createOrganization, createUser, login, app, baseURL }) => {
  test.setTimeout(120_000)
  const org = await createOrganization({ environment: 'sandbox' })
  const operator = await createUser({ organizationId: org.id, role: 'operator' })
  await app.prisma.vertical.create({ data: { organizationId: org.id, key: 'seller', name: 'Home sellers' } })
  await login(page, operator)

  // The operator creates the form; the disclosure starts from a template with the organization's name.
  await page.goto('/forms')
  await expect(page.getByText('No lead forms yet')).toBeVisible()
  await page.getByRole('link', { name: 'New form' }).click()
  await page.getByLabel('Name', { exact: true }).fill('Website sellers')
  await page.getByLabel('Headline').fill('Get a cash offer for your house')
  const disclosure = await page.getByLabel('Consent disclosure').inputValue()
  expect(disclosure).toContain(org.name)
  await page.getByLabel('Tags (optional)').fill('website')
  await page.getByRole('button', { name: 'Create form' }).click()
  await page.waitForURL(/\/forms\/[0-9a-f-]{36}\?created=1$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Website sellers' })).toBeVisible()
  const url = await page.getByLabel('Public address').inputValue()
  expect(url).toMatch(new RegExp(`^${baseURL}/f/[A-Za-z0-9_-]{12}$`))
  await expect(page.getByLabel('Embed snippet (paste into any page)')).toHaveValue(new RegExp(`<iframe src="${url}"`))
  const formPage = page.url().replace(/\?.*$/, '')

  // Only the hosted form may be framed, by any site.
  const formHeaders = (await page.request.get(url)).headers()
  expect(formHeaders['content-security-policy']).toContain('frame-ancestors *')
  expect((await page.request.get('/forms')).headers()['content-security-policy']).toContain("frame-ancestors 'none'")

  // A visitor on a phone, arriving from the organization's site.
  const visitor = await browser.newContext({ viewport: PHONE_VIEWPORT, isMobile: true, hasTouch: true, userAgent: IPHONE_UA })
  try {
    const phone = await visitor.newPage()
    await phone.goto(url, { referer: 'https://lonestarhomes.example/sell' })
    await expect(phone.getByRole('heading', { level: 1, name: 'Get a cash offer for your house' })).toBeVisible()
    await expect(phone.getByTestId('lead-form-disclosure')).toHaveText(disclosure)
    // Nothing runs wider than the screen.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE_VIEWPORT.width)
    const consent = phone.getByRole('checkbox', { name: /I agree to receive text messages/ })
    await expect(consent).not.toBeChecked()

    const number = freshNumber()
    await phone.getByLabel('Name').fill('Dana Whitfield')
    await phone.getByLabel('Mobile phone').fill(`(${number.slice(2, 5)}) ${number.slice(5, 8)}-${number.slice(8)}`)
    await phone.getByLabel('Street').fill('12 Oak St')
    await phone.getByLabel('City').fill('Austin')
    await phone.getByLabel('State').fill('TX')
    await phone.getByLabel('ZIP').fill('78701')
    // Without the box checked: refused, the error tied to the box, which takes the focus.
    await phone.getByRole('button', { name: 'Submit' }).tap()
    await expect(phone.getByText('Check the box to agree to receive text messages')).toBeVisible()
    await expect(consent).toBeFocused()
    await expect(consent).toHaveAttribute('aria-invalid', 'true')

    await consent.tap()
    await phone.getByRole('button', { name: 'Submit' }).tap()
    await expect(phone.getByTestId('lead-form-thanks')).toContainText('Thanks!')
  } finally {
    await visitor.close()
  }

  // The operator sees the submission and, on the lead's page, the evidence.
  await page.goto(formPage)
  const row = page.getByTestId('lead-form-submission').first()
  await expect(row).toContainText('accepted')
  await expect(row).toContainText('https://lonestarhomes.example/sell')
  await row.getByRole('link', { name: 'Dana Whitfield' }).click()
  await page.waitForURL(/\/leads\/[0-9a-f-]{36}$/)
  const evidence = page.getByTestId('consent-evidence')
  await expect(evidence).toHaveCount(1)
  await expect(evidence).toContainText('Website sellers')
  await expect(evidence).toContainText('single opt-in')
  await expect(evidence.getByTestId('consent-evidence-text')).toHaveText(disclosure)
  await expect(evidence.getByTestId('consent-evidence-page')).toHaveText('https://lonestarhomes.example/sell')
  await expect(evidence).toContainText('iPhone')
  await expect(evidence.getByTestId('consent-evidence-ip')).not.toHaveText('')
  await expect(page.getByTestId('phone-consent').first()).toHaveAttribute('data-consent', /consented/)
})

test('a disabled form answers not found, and the embed works inside another site’s page', async ({ page, createOrganization, createUser, login, app, baseURL }) => {
  const org = await createOrganization({ environment: 'sandbox' })
  const operator = await createUser({ organizationId: org.id, role: 'operator' })
  await app.prisma.vertical.create({ data: { organizationId: org.id, key: 'seller', name: 'Home sellers' } })
  const form = await app.prisma.leadForm.create({
    data: { organizationId: org.id, slug: `e2e${Date.now().toString(36)}`, name: 'Embed', headline: 'Embedded form', disclosureText: 'I agree to receive marketing text messages from this company at the number above. Reply STOP to opt out.', thankYouText: 'Thanks!', createdByLabel: 'e2e' },
  })
  // Another origin's page that embeds the snippet: a server of the test's own on 127.0.0.1 (a page the
  // test fulfilled itself would count as public, and Chromium's local network checks would stop the frame).
  const site = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' })
    res.end(`<!doctype html><title>Seller site</title><main><h1>Seller site</h1><iframe title="Lead form" src="${baseURL}/f/${form.slug}" width="400" height="700"></iframe></main>`)
  })
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve))
  const otherOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`
  await page.goto(`${otherOrigin}/sell`)
  const frame = page.frameLocator('iframe[title="Lead form"]')
  try {
    await expect(frame.getByRole('heading', { name: 'Embedded form' })).toBeVisible()
    // Submitting inside the frame works: the form posts to its own origin.
    await frame.getByLabel('Name').fill('Eli Embed')
    await frame.getByLabel('Mobile phone').fill(freshNumber().slice(2))
    await frame.getByRole('checkbox', { name: /I agree to receive text messages/ }).check()
    await frame.getByRole('button', { name: 'Submit' }).click()
    await expect(frame.getByTestId('lead-form-thanks')).toContainText('Thanks!')
    const submission = await app.prisma.leadFormSubmission.findFirstOrThrow({ where: { formId: form.id } })
    expect(submission).toMatchObject({ outcome: 'accepted', name: 'Eli Embed', pageUrl: `${otherOrigin}/` })
  } finally {
    site.close()
  }

  await login(page, operator)
  await page.goto(`/forms/${form.id}`)
  await page.getByRole('button', { name: 'Disable form' }).click()
  await expect(page.getByText('Disabled: its address now answers “not found”.')).toBeVisible()
  const response = await page.request.get(`/f/${form.slug}`)
  expect(response.status()).toBe(404)
})
