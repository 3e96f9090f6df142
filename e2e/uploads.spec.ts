import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Page, Route } from '@playwright/test'
import { checkPageApiAnswers } from './api'
import { expect, test } from './fixtures'

const MiB = 1024 * 1024
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

async function axeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).withTags(WCAG_21_AA).analyze()
  return results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)
}

function fileOnDisk(size: number) {
  const dir = mkdtempSync(path.join(tmpdir(), 'esd-e2e-upload-'))
  const file = path.join(dir, 'county-owners.csv')
  const bytes = randomBytes(size)
  writeFileSync(file, bytes)
  return { file, bytes, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

declare global {
  interface Window {
    __cspViolations: string[]
  }
}

/**
 * The browser uploader (tus-js-client, 4 MB chunks) under the enforced CSP:
 * the network drops in the middle of a chunk, then the page is reloaded in
 * the middle of another; each time the upload goes on from the last chunk
 * the server holds, so the server receives the file about once, not twice.
 */
test('a multi-chunk upload survives a dropped network and a page reload, resuming from the last chunk', async ({ page, context, request, createUser, login, app }) => {
  test.setTimeout(90_000)
  // A file on disk (not a buffer): the browser remembers an upload by name, size and modification time.
  const { file, bytes, remove } = fileOnDisk(14 * MiB)

  await context.addInitScript(() => {
    window.__cspViolations = []
    document.addEventListener('securitypolicyviolation', (event) => window.__cspViolations.push(`${event.effectiveDirective} ${event.blockedURI}`))
  })
  const operator = await createUser({ role: 'operator' })
  await login(page, operator)

  // Every PATCH the server actually received, by offset and length.
  const received: { offset: number; length: number }[] = []
  let cutNetworkAt: number | null = 4 * MiB
  let holdAt: number | null = 8 * MiB
  let held: () => void = () => {}
  const heldPatch = new Promise<void>((resolve) => (held = resolve))
  const apiProblems = await checkPageApiAnswers(page, request)
  await page.route('**/api/v1/uploads/*', async (route: Route) => {
    const request = route.request()
    if (request.method() !== 'PATCH') return route.fallback()
    const offset = Number(request.headers()['upload-offset'])
    if (offset === cutNetworkAt) {
      cutNetworkAt = null
      await context.setOffline(true)
      return route.abort('internetdisconnected')
    }
    if (offset === holdAt) {
      // Never answered: the page is reloaded while this chunk is on its way.
      holdAt = null
      held()
      return
    }
    received.push({ offset, length: request.postDataBuffer()?.length ?? 0 })
    return route.fallback()
  })

  await page.goto('/imports/upload')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Upload a lead file')
  const uploader = page.getByTestId('file-uploader')
  await page.getByLabel('Lead file').setInputFiles(file)

  // The second chunk meets a dead network: the uploader waits, then goes on when it is back.
  await expect(uploader).toHaveAttribute('data-phase', 'offline')
  await context.setOffline(false)

  // The third chunk is on its way when the page reloads.
  await heldPatch
  await page.reload()
  await page.getByLabel('Lead file').setInputFiles(file)
  await expect(page.getByTestId('upload-resumed')).toHaveText('Resumed from 8.0 MB, where the earlier upload stopped.')
  await expect(page.getByTestId('upload-result')).toContainText('Uploaded county-owners.csv.')
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  await expect(page.getByTestId('upload-result')).toContainText(sha256)
  await expect(page.getByTestId('upload-percent')).toHaveText('100%')

  // Each chunk reached the server once, each after the last one it held.
  expect(received).toEqual([
    { offset: 0, length: 4 * MiB },
    { offset: 4 * MiB, length: 4 * MiB },
    { offset: 8 * MiB, length: 4 * MiB },
    { offset: 12 * MiB, length: 2 * MiB },
  ])
  const total = received.reduce((sum, patch) => sum + patch.length, 0)
  expect(total).toBeLessThan(2 * bytes.length)

  const upload = await app.prisma.upload.findFirstOrThrow({ where: { organizationId: operator.organizationId } })
  expect(upload).toMatchObject({ status: 'complete', sha256, filename: 'county-owners.csv', byteSize: BigInt(bytes.length) })
  expect(await page.evaluate(() => window.__cspViolations)).toEqual([])
  expect(apiProblems).toEqual([])
  remove()
})

test('on a phone, with the keyboard only: pause, resume, progress told to screen readers, no axe finding', async ({ page, request, createUser, login }) => {
  test.setTimeout(60_000)
  await page.setViewportSize({ width: 390, height: 844 })
  const { file, bytes, remove } = fileOnDisk(10 * MiB)
  const operator = await createUser({ role: 'operator' })
  await login(page, operator)

  // The second chunk waits until the upload is paused (which aborts it in the browser).
  let paused: () => void = () => {}
  const pausedNow = new Promise<void>((resolve) => (paused = resolve))
  let holding = true
  const offsets: number[] = []
  const apiProblems = await checkPageApiAnswers(page, request)
  await page.route('**/api/v1/uploads/*', async (route: Route) => {
    const request = route.request()
    if (request.method() !== 'PATCH') return route.fallback()
    const offset = Number(request.headers()['upload-offset'])
    if (offset === 4 * MiB && holding) {
      holding = false
      await pausedNow
      return route.abort().catch(() => {})
    }
    offsets.push(offset)
    return route.fallback().catch(() => {})
  })

  await page.goto('/imports/upload')
  const uploader = page.getByTestId('file-uploader')
  await page.getByLabel('Lead file').setInputFiles(file)
  const pause = page.getByRole('button', { name: 'Pause' })
  await expect(pause).toBeVisible()
  await pause.focus()
  await page.keyboard.press('Enter')
  await expect(uploader).toHaveAttribute('data-phase', 'paused')
  await expect(page.getByRole('status').filter({ hasText: 'Upload paused' })).toHaveCount(1)
  paused()
  // The buttons are a thumb's height on a phone.
  const resume = page.getByRole('button', { name: 'Resume' })
  expect((await resume.boundingBox())!.height).toBeGreaterThanOrEqual(44)
  expect(await axeViolations(page)).toEqual([])

  await resume.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('upload-result')).toContainText(createHash('sha256').update(bytes).digest('hex'))
  await expect(page.getByRole('status').filter({ hasText: 'Upload complete' })).toHaveCount(1)
  // After the pause it went on from what the server held (a whole chunk, or part of one
  // when the pause cut a chunk short), never from the start, and never went back.
  expect(offsets[0]).toBe(0)
  expect(offsets.slice(1).every((offset, index) => offset > offsets[index]!)).toBe(true)
  expect(offsets.at(-1)! + 4 * MiB).toBeGreaterThanOrEqual(10 * MiB)
  expect(offsets.length).toBeGreaterThanOrEqual(3)
  expect(await axeViolations(page)).toEqual([])
  expect(apiProblems).toEqual([])
  remove()
})
