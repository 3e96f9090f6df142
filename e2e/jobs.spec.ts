import { randomUUID } from 'node:crypto'
import { expect, test } from './fixtures'
import { open } from './ui'

/**
 * Settings › Jobs against the e2e server and its in-process runner. The runs
 * are made here as the runner leaves them; their function is one the server
 * does not serve, so its runner never takes them, and what the page does to
 * them is all that happens.
 */
test('an admin finds a failed run, reads its steps and event, retries it, and cancels a sleeping one', async ({
  page,
  app,
  createOrganization,
  createUser,
  login,
}) => {
  const admin = await createUser({ role: 'admin' })
  const organizationId = admin.organizationId
  const other = await createOrganization()
  const functionId = `e2e-import-stage-${randomUUID().slice(0, 8)}`
  const made: string[] = []
  const run = async (options: { status: 'failed' | 'sleeping'; organizationId: string; minutesAgo: number }) => {
    const at = new Date(Date.now() - options.minutesAgo * 60_000)
    const created = await app.prisma.jobRun.create({
      data: {
        id: randomUUID(),
        functionId,
        eventName: 'import/requested',
        events: [{ id: randomUUID(), name: 'import/requested', data: { organizationId: options.organizationId, importFileId: 'file-42', apiToken: 'abc' }, ts: at.getTime() }],
        status: options.status,
        organizationId: options.organizationId,
        createdAt: at,
        startedAt: at,
        finishedAt: options.status === 'failed' ? new Date(at.getTime() + 2_500) : null,
        error: options.status === 'failed' ? { name: 'Error', message: 'row 17: unterminated quote' } : undefined,
        runAfter: options.status === 'sleeping' ? new Date(Date.now() + 86_400_000) : at,
        steps: {
          create: [
            { stepId: randomUUID(), name: 'land-chunk-0', kind: 'run', status: 'completed', attempts: 1, startedAt: at, finishedAt: new Date(at.getTime() + 1200), durationMs: 1200 },
            {
              stepId: randomUUID(),
              name: 'land-chunk-1',
              kind: 'run',
              status: options.status === 'failed' ? 'failed' : 'completed',
              attempts: options.status === 'failed' ? 4 : 1,
              startedAt: new Date(at.getTime() + 1300),
              finishedAt: new Date(at.getTime() + 2400),
              durationMs: 1100,
              error: options.status === 'failed' ? { name: 'Error', message: 'row 17: unterminated quote' } : undefined,
            },
          ],
        },
      },
    })
    made.push(created.id)
    return created
  }
  try {
    const failed = await run({ status: 'failed', organizationId, minutesAgo: 20 })
    const sleeping = await run({ status: 'sleeping', organizationId, minutesAgo: 10 })
    const foreign = await run({ status: 'failed', organizationId: other.id, minutesAgo: 5 })

    await login(page, admin)
    await page.goto('/settings/jobs')
    const rows = page.getByTestId('job-run-row')
    // Only this organization's runs.
    await expect(rows).toHaveCount(2)
    await expect(page.getByRole('link', { name: functionId })).toHaveCount(2)
    await expect(page.getByText(foreign.id)).toHaveCount(0)

    await page.getByLabel('Status').selectOption('failed')
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await expect(page).toHaveURL(/status=failed/)
    await expect(rows).toHaveCount(1)
    await expect(rows.first()).toContainText('row 17: unterminated quote')

    await rows.first().getByRole('link', { name: functionId }).click()
    await expect(page).toHaveURL(`/settings/jobs/${failed.id}`)
    const steps = page.getByTestId('job-step-row')
    await expect(steps).toHaveCount(2)
    await expect(steps.nth(0)).toContainText('land-chunk-0')
    await expect(steps.nth(1)).toContainText('land-chunk-1')
    await expect(steps.nth(1)).toContainText('failed')
    await expect(steps.nth(1).getByRole('cell').nth(3)).toHaveText('4')
    await expect(steps.nth(1)).toContainText('1.1 s')
    const event = page.getByTestId('job-run-event')
    await expect(event).toContainText('"importFileId": "file-42"')
    await expect(event).toContainText('"apiToken": "[redacted]"')
    await expect(event).not.toContainText('abc')

    await page.getByRole('button', { name: 'Retry from the failed step' }).click()
    await expect(page.getByRole('main').getByRole('status')).toHaveText('Queued again: it resumes from the step that failed.')
    await expect(page.getByRole('button', { name: 'Retry from the failed step' })).toHaveCount(0)
    expect((await app.prisma.jobRun.findUniqueOrThrow({ where: { id: failed.id } })).status).toBe('queued')

    await page.goto(`/settings/jobs/${sleeping.id}`)
    const dialog = page.getByRole('alertdialog')
    await open(page.getByRole('main').getByRole('button', { name: 'Cancel run' }), dialog)
    await dialog.getByRole('button', { name: 'Cancel run' }).click()
    await expect(page.getByRole('main').getByRole('status')).toHaveText('Cancelled.')
    await expect(page.getByRole('main').getByRole('button', { name: 'Cancel run' })).toHaveCount(0)
    expect((await app.prisma.jobRun.findUniqueOrThrow({ where: { id: sleeping.id } })).status).toBe('cancelled')
    const audit = await app.prisma.auditLog.findMany({ where: { targetId: { in: [failed.id, sleeping.id] } }, orderBy: { id: 'asc' } })
    expect(audit.map((entry) => [entry.action, entry.targetId, entry.organizationId])).toEqual([
      ['job_run.retried', failed.id, organizationId],
      ['job_run.cancelled', sleeping.id, organizationId],
    ])

    // Another organization's run is not found, not forbidden.
    const response = await page.goto(`/settings/jobs/${foreign.id}`)
    expect(response?.status()).toBe(404)
  } finally {
    await app.prisma.jobRun.deleteMany({ where: { id: { in: made } } })
  }
})
