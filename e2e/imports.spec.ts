import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Page, Route } from '@playwright/test'
import { csvRow } from '~/utils/csv'
import { GENERATED_HEADER, generatePropertyRows } from '../tests/support/generated-rows'
import { readCsv } from '../tests/support/fixture-csv'
import { checkPageApiAnswers } from './api'
import { expect, test } from './fixtures'

const MiB = 1024 * 1024
const ROWS = 50_000
/** Row 10 of the file has twenty-one fields where the header has twenty. */
const MALFORMED_ROW = 10

/** A property-centric vendor export of 50,000 data rows (about 1% invalid phones) plus one malformed row, on disk. */
function generatedFile() {
  const dir = mkdtempSync(path.join(tmpdir(), 'esd-e2e-import-'))
  const file = path.join(dir, 'county-owners-50k.csv')
  const rows = generatePropertyRows(ROWS, 7).map((cells) => csvRow(cells))
  // One field too many (an unquoted comma): its cells cannot be trusted under the header, so it is reported, not merged.
  rows.splice(MALFORMED_ROW - 1, 0, csvRow(['1 Broken Row', 'Austin', ...Array.from({ length: GENERATED_HEADER.length - 1 }, () => 'x')]))
  writeFileSync(file, csvRow(GENERATED_HEADER) + rows.join(''))
  return { file, dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

async function axeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

test('a 50k-row file: upload cut off and resumed, import started, progress watched to the end without a reload, an error row opened, the errors downloaded', async ({
  page,
  context,
  createUser,
  login,
  app,
  request,
}) => {
  test.setTimeout(240_000)
  const { file, remove } = generatedFile()
  const operator = await createUser({ role: 'operator' })
  // Two verticals, so the form cannot pick one by itself.
  await app.prisma.vertical.createMany({
    data: [
      { organizationId: operator.organizationId, key: 'seller', name: 'Home sellers' },
      { organizationId: operator.organizationId, key: 'buyer', name: 'Home buyers' },
    ],
  })
  await login(page, operator)

  // The second chunk meets a dead network; the upload goes on from it when the network is back.
  let cut = false
  const offsets: number[] = []
  // Every answer the browser's uploader gets is checked against the OpenAPI document.
  const apiProblems = await checkPageApiAnswers(page, request)
  await page.route('**/api/v1/uploads/*', async (route: Route) => {
    const request = route.request()
    if (request.method() !== 'PATCH') return route.fallback()
    const offset = Number(request.headers()['upload-offset'])
    if (offset === 4 * MiB && !cut) {
      cut = true
      await context.setOffline(true)
      return route.abort('internetdisconnected')
    }
    offsets.push(offset)
    return route.fallback()
  })

  await page.goto('/imports')
  await expect(page.getByText('No imports yet')).toBeVisible()
  await page.getByRole('main').getByRole('link', { name: 'Upload a lead file' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Upload a lead file')
  await page.getByLabel('Lead file').setInputFiles(file)
  await expect(page.getByTestId('file-uploader')).toHaveAttribute('data-phase', 'offline')
  await context.setOffline(false)
  await expect(page.getByTestId('upload-result')).toContainText('Uploaded county-owners-50k.csv.', { timeout: 30_000 })
  expect(offsets.slice(0, 2)).toEqual([0, 4 * MiB])

  // What the file is: a universe import into the vertical; the parser is detected.
  const form = page.getByTestId('start-import-form')
  await form.getByRole('button', { name: 'Start the import' }).click()
  await expect(form.getByText('Choose the vertical its leads belong to.')).toBeVisible()
  await form.getByLabel('Vertical').selectOption({ label: 'Home sellers' })
  await form.getByRole('button', { name: 'Start the import' }).click()
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/)
  const importId = page.url().split('/').pop()!
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('county-owners-50k.csv')

  // The page updates itself: a marker set now would not survive a reload.
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true))
  await expect(page.getByTestId('import-status')).toHaveText('completed', { timeout: 180_000 })
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true)
  for (const stage of ['land', 'merge', 'record']) await expect(page.getByTestId(`stage-${stage}`)).toHaveAttribute('data-state', 'done')
  await expect(page.getByTestId('stage-merge-figures')).toContainText(`${(ROWS + 1).toLocaleString('en-US')} of ${(ROWS + 1).toLocaleString('en-US')} rows`)
  await expect(page.getByTestId('count-rows')).toHaveText((ROWS + 1).toLocaleString('en-US'))
  const stored = await app.prisma.importFile.findUniqueOrThrow({ where: { id: importId } })
  expect(stored).toMatchObject({ status: 'completed', rowCount: ROWS + 1 })
  const counts = stored.counts as { invalidPhones: number; errorsByType: Record<string, number> }
  expect(counts.invalidPhones).toBeGreaterThan(0)
  await expect(page.getByTestId('count-invalidPhones')).toHaveText(counts.invalidPhones.toLocaleString('en-US'))

  // The malformed row, opened: its reason and its raw values under the header's names.
  const malformed = page.getByTestId('row-error').filter({ hasText: 'unreadable_row' })
  await malformed.getByTestId('open-row').click()
  const dialog = page.getByRole('dialog', { name: `Row ${MALFORMED_ROW}` })
  await expect(dialog.getByTestId('row-reason')).toContainText('ragged_row: 21 fields, the header has 20')
  await expect(dialog.getByTestId('raw-row')).toContainText('Property Address')
  await expect(dialog.getByTestId('raw-row')).toContainText('1 Broken Row')
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  // An invalid phone, with its column and value.
  await page.getByTestId('row-error').filter({ hasText: 'invalid_phone' }).first().getByTestId('open-row').click()
  await expect(page.getByRole('dialog').getByTestId('row-reason')).toContainText('invalid_phone: Not a valid phone number (column “Phone')
  await page.keyboard.press('Escape')

  // Every error in the download, the malformed row with its raw columns.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-errors').click()])
  expect(download.suggestedFilename()).toBe('county-owners-50k-errors.csv')
  const saved = path.join(path.dirname(file), 'errors.csv')
  await download.saveAs(saved)
  const [columns, ...lines] = readCsv(readFileSync(saved, 'utf8'))
  expect(columns).toEqual(['row_no', 'reason', 'error_column', 'error_value', ...GENERATED_HEADER])
  const total = Object.values(counts.errorsByType).reduce((sum, n) => sum + n, 0)
  expect(lines).toHaveLength(total)
  expect(lines.find((line) => line[0] === String(MALFORMED_ROW))?.slice(0, 6)).toEqual([
    String(MALFORMED_ROW), 'unreadable_row: Not merged: ragged_row: 21 fields, the header has 20', '', '', '1 Broken Row', 'Austin',
  ])

  await page.goto('/imports')
  await expect(page.getByTestId('import-row')).toHaveCount(1)
  await expect(page.getByTestId('import-row')).toContainText('county-owners-50k.csv')
  remove()
  expect(apiProblems).toEqual([])
})

test('on a phone: the list and the import page fit the screen, keep the key column in view and work from the keyboard', async ({ page, createUser, login, app }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  const operator = await createUser({ role: 'operator' })
  const organizationId = operator.organizationId
  const header = ['Owner First Name', 'Owner Last Name', 'Property Address', 'City', 'State', 'Zip', 'Phone 1']
  const stage = { done: 1, total: 2, startedAt: new Date(Date.now() - 10_000).toISOString(), finishedAt: null, rowsPerSecond: 1 }
  const importFile = await app.prisma.importFile.create({
    data: {
      organizationId, filename: 'a-rather-long-vendor-export-name-2026.csv', byteSize: 2048n, sha256: 'c'.repeat(64), storage: 'local', storageKey: 'e2e/phone.csv',
      class: 'enrichment', header, stage: 'merge', status: 'paused', landByteOffset: 2048n, landNextRowNo: 3, rowCount: 2, createdByUserId: operator.id,
      progress: { parse: stage, resolve: stage, merge: stage },
    },
  })
  await app.prisma.$executeRaw`INSERT INTO file_rows (import_file_id, row_no, payload) VALUES (${importFile.id}::uuid, 1, ${JSON.stringify(['Ana', 'Ruiz', '12 Oak St', 'Austin', 'TX', '78701', '555-12'])}::json)`
  const extraction = await app.prisma.importExtraction.create({
    data: { importFileId: importFile.id, number: 1, parserKey: 'property-export', parserVersion: 1, confidence: 1, nextRowNo: 2, counts: { rows: 1, invalidPhones: 1, errorsByType: { invalid_phone: 1 } } },
  })
  await app.prisma.importRowError.create({
    data: { importFileId: importFile.id, extractionId: extraction.id, rowNo: 1, sourceColumn: 'Phone 1', kind: 'invalid_phone', value: '555-12', message: 'Not a valid phone number' },
  })
  await login(page, operator)

  const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
  await page.goto('/imports')
  const link = page.getByRole('link', { name: 'a-rather-long-vendor-export-name-2026.csv' })
  await expect(link).toBeInViewport()
  expect(await fits()).toBe(true)
  expect(await axeViolations(page)).toEqual([])

  await link.click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('a-rather-long-vendor-export-name-2026.csv')
  expect(await fits()).toBe(true)
  await expect(page.getByTestId('stage-merge-figures')).toHaveText('1 of 2 rows · 1 rows/s')
  for (const name of ['Resume', 'Cancel import']) {
    const button = page.getByRole('button', { name })
    await expect(button).toBeInViewport()
    expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(44)
  }
  // The row number (the key column) stays in view beside the table's sideways scroll.
  const rowButton = page.getByRole('button', { name: 'Row 1' })
  await rowButton.scrollIntoViewIfNeeded()
  await expect(rowButton).toBeInViewport({ ratio: 1 })
  await rowButton.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog', { name: 'Row 1' }).getByTestId('raw-row')).toContainText('12 Oak St')
  expect(await axeViolations(page)).toEqual([])
  await page.keyboard.press('Escape')

  // Cancel asks first, from the keyboard too.
  await page.getByRole('button', { name: 'Cancel import' }).focus()
  await page.keyboard.press('Enter')
  const confirm = page.getByRole('alertdialog')
  await expect(confirm).toContainText('cannot be resumed')
  await confirm.getByRole('button', { name: 'Cancel import' }).click()
  await expect(page.getByTestId('import-status')).toHaveText('cancelled')
  expect((await app.prisma.importFile.findUniqueOrThrow({ where: { id: importFile.id } })).status).toBe('cancelled')
})
