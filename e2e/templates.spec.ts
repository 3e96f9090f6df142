import { PNG } from '../tests/support/images'
import { expect, test } from './fixtures'

const issue = (page: import('@playwright/test').Page, code: string) => page.getByTestId('lint-issue').and(page.locator(`[data-code="${code}"]`))

test('an operator writes a template, sees its segments, encoding and compliance checks change while typing, saves, changes and archives it', async ({
  page,
  createUser,
  login,
  app,
}) => {
  const operator = await createUser({ role: 'operator' })
  await login(page, operator)
  await page.goto('/templates')
  await expect(page.getByText('No templates yet')).toBeVisible()
  await page.getByRole('link', { name: 'New template' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'New template' })).toBeVisible()

  // The starter is clean: two variants, one GSM-7 segment.
  await expect(page.getByTestId('lint-clean')).toBeVisible()
  await expect(page.getByTestId('variants')).toHaveText('2')
  await expect(page.getByTestId('encoding')).toHaveText('GSM-7')
  await expect(page.getByTestId('segments')).toHaveText('1')
  await expect(page.getByTestId('preview')).toHaveCount(2)
  await expect(page.getByTestId('preview').first()).toContainText('Hi Dana, this is Sam with')

  // A curly apostrophe, a shortened link and no opt-out language: the checks say so as it is typed.
  const message = page.getByRole('textbox', { name: 'Message' })
  await message.fill('Hey {first_name}, it’s a great time to sell! See bit.ly/offer')
  await expect(page.getByTestId('encoding')).toHaveText('UCS-2')
  await expect(issue(page, 'no_opt_out_language')).toBeVisible()
  await expect(issue(page, 'url_shortener')).toContainText('bit.ly')
  await expect(issue(page, 'forces_ucs2')).toContainText('curly apostrophe')
  await expect(issue(page, 'no_sender_identification')).toBeVisible()

  // A long message costs more segments; a merge field goes in at the cursor.
  await message.fill(`Hello {first_name|there}, this is ${'about your home at 12 Oak St and what it may be worth. '.repeat(4)}Reply STOP to opt out. `)
  await expect(page.getByTestId('encoding')).toHaveText('GSM-7')
  await expect(page.getByTestId('segments')).toHaveText('2')
  await message.press('End')
  await page.getByRole('group', { name: 'Insert a merge field' }).getByRole('button', { name: '{company_name}' }).click()
  await expect(message).toHaveValue(/Reply STOP to opt out\. \{company_name\}$/)
  await expect(page.getByTestId('lint-clean')).toBeVisible()

  // Braces that do not parse are refused on save, with the reason, and nothing is stored.
  await page.getByRole('textbox', { name: 'Name' }).fill('Seller intro')
  await message.fill('Hi {frist_name}, reply STOP to opt out')
  await page.getByRole('button', { name: 'Save template' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'frist_name' })).toBeVisible()
  expect(await app.prisma.messageTemplate.count({ where: { organizationId: operator.organizationId } })).toBe(0)

  await message.fill('{Hi|Hello} {first_name|there}, this is {sender_name} with {company_name}. Still thinking of selling? Reply STOP to opt out.')
  await page.getByRole('button', { name: 'Save template' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Seller intro' })).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible()
  const saved = await app.prisma.messageTemplate.findFirstOrThrow({ where: { organizationId: operator.organizationId } })
  expect(saved).toMatchObject({ name: 'Seller intro', firstContact: true, createdByLabel: operator.email })

  // As a follow-up, no opt-out language is asked for.
  await page.getByRole('textbox', { name: 'Message' }).fill('Thanks {first_name|there}, when suits you for a call?')
  await page.getByLabel('Follow-up in a conversation').check()
  await expect(page.getByTestId('lint-clean')).toBeVisible()
  await page.getByRole('button', { name: 'Save changes' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible()
  await expect.poll(async () => (await app.prisma.messageTemplate.findUniqueOrThrow({ where: { id: saved.id } })).firstContact).toBe(false)

  await page.getByRole('link', { name: 'All templates' }).click()
  await expect(page.getByTestId('template-row')).toHaveCount(1)
  await expect(page.getByTestId('template-row')).toContainText('OK')
  await page.getByRole('link', { name: 'Seller intro' }).click()
  await page.getByRole('button', { name: 'Archive template' }).click()
  await expect(page.getByText('archived', { exact: true })).toBeVisible()
  await expect(page.getByTestId('template-body')).toContainText('when suits you')
  await page.getByRole('link', { name: 'All templates' }).click()
  await expect(page.getByTestId('template-row')).toHaveCount(0)
  await page.getByRole('link', { name: 'Archived' }).click()
  await expect(page.getByTestId('template-row')).toHaveCount(1)
  expect(await app.prisma.auditLog.count({ where: { organizationId: operator.organizationId, action: { startsWith: 'template.' } } })).toBe(3)
})

test('an operator attaches an image: the template becomes an MMS billed as one message, the image shows and is served at its public URL; a file that is not an image is refused', async ({
  page,
  createUser,
  login,
  app,
}) => {
  const operator = await createUser({ role: 'operator' })
  await login(page, operator)
  await page.goto('/templates/new')
  await page.getByRole('textbox', { name: 'Name' }).fill('Open house')
  const message = page.getByRole('textbox', { name: 'Message' })
  // Long and with a curly apostrophe: as an SMS, segments and UCS-2 warnings.
  await message.fill(`Open house Saturday, {first_name|neighbor}! It’s {sender_name} with {company_name}. ${'Come see the kitchen and the yard. '.repeat(6)}Reply STOP to opt out.`)
  await expect(issue(page, 'forces_ucs2')).toBeVisible()
  expect(Number(await page.getByTestId('segments').textContent())).toBeGreaterThan(3)

  // Text named like a PNG: the editor reads its first bytes and refuses it.
  const image = page.getByLabel('Image (MMS)')
  await image.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('not really an image') })
  await expect(page.getByText('Choose a JPEG, PNG or GIF image.')).toBeVisible()
  await expect(page.getByTestId('media-preview')).toHaveCount(0)

  await image.setInputFiles({ name: 'house.png', mimeType: 'image/png', buffer: PNG })
  await expect(page.getByTestId('media-preview').getByRole('img')).toBeVisible()
  await expect(page.getByTestId('template-facts')).toHaveAttribute('data-kind', 'mms')
  await expect(page.getByTestId('segments')).toHaveText('1')
  await expect(page.getByTestId('kind')).toHaveText('MMS')
  await expect(page.getByTestId('lint-clean')).toBeVisible()
  await page.getByRole('button', { name: 'Save template' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible()

  const saved = await app.prisma.messageTemplate.findFirstOrThrow({ where: { organizationId: operator.organizationId }, include: { media: true } })
  expect(saved.media).toMatchObject({ contentType: 'image/png', byteSize: PNG.length, filename: 'house.png' })
  // The saved image shows from its public URL, which serves the bytes to anyone with it.
  const preview = page.getByTestId('media-preview').getByRole('img')
  await expect(preview).toHaveAttribute('src', `/media/${saved.media!.id}/${saved.media!.accessToken}`)
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1)
  const served = await page.request.get(`/media/${saved.media!.id}/${saved.media!.accessToken}`)
  expect(served.headers()['content-type']).toBe('image/png')
  expect(Buffer.from(await served.body())).toEqual(PNG)
  expect((await page.request.get(`/media/${saved.media!.id}/${'x'.repeat(43)}`)).status()).toBe(404)

  // Saved again without changes, it keeps its image; removed, it is an SMS again.
  await page.getByRole('button', { name: 'Save changes' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible()
  await expect.poll(async () => (await app.prisma.auditLog.count({ where: { organizationId: operator.organizationId, action: 'template.updated' } }))).toBe(1)
  expect((await app.prisma.messageTemplate.findUniqueOrThrow({ where: { id: saved.id } })).mediaId).toBe(saved.media!.id)
  await page.getByRole('button', { name: 'Remove image' }).click()
  await expect(page.getByTestId('template-facts')).toHaveAttribute('data-kind', 'sms')
  await page.getByRole('button', { name: 'Save changes' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible()
  await expect.poll(async () => (await app.prisma.messageTemplate.findUniqueOrThrow({ where: { id: saved.id } })).mediaId).toBeNull()
})

test('on a phone: the template editor fits the screen and its checks sit under the message', async ({ page, createUser, login }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  const operator = await createUser({ role: 'operator' })
  await login(page, operator)
  await page.goto('/templates/new')
  await page.getByRole('textbox', { name: 'Message' }).fill('Hi {first_name}, see tinyurl.com/x')
  await expect(issue(page, 'url_shortener')).toBeVisible()
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(width).toBeLessThanOrEqual(390)
  const message = await page.getByRole('textbox', { name: 'Message' }).boundingBox()
  const checks = await page.getByTestId('lint').boundingBox()
  expect(checks!.y).toBeGreaterThan(message!.y)
})
