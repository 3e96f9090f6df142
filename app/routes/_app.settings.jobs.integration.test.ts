import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { resetEnv } from '~/utils/env.server'
import { createOrganization, createUser, sessionCookieFor } from '../../tests/support/factories'
import { action as runAction, loader as runLoader } from './_app.settings.jobs.$runId'
import { loader as listLoader } from './_app.settings.jobs._index'

type ListResult = Awaited<ReturnType<typeof listLoader>>

function get(path: string, cookie?: string) {
  return new Request(`http://localhost${path}`, { headers: cookie ? { cookie } : {} })
}

function post(path: string, cookie: string, fields: Record<string, string>) {
  return new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { cookie, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  })
}

async function thrown(promise: Promise<unknown>): Promise<Response> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  if (!(error instanceof Response)) throw new Error(`expected a thrown Response, got ${String(error)}`)
  return error
}

function unwrap(result: ListResult) {
  return 'init' in result && 'data' in result ? { status: result.init?.status ?? 200, body: result.data } : { status: 200, body: result }
}

async function signedIn(role: 'admin' | 'operator' | 'super_admin', organizationId?: string) {
  const user = await createUser({ role, ...(organizationId ? { organizationId } : {}) })
  return { user, cookie: await sessionCookieFor(user.id) }
}

let clock = Date.parse('2026-11-01T00:00:00Z')
/** A run as the runner leaves it; each one a second newer than the last. */
async function seedRun(options: { organizationId: string | null; functionId?: string; status?: 'completed' | 'failed' | 'queued' }) {
  clock += 1000
  const failed = options.status === 'failed'
  return prisma.jobRun.create({
    data: {
      id: randomUUID(),
      functionId: options.functionId ?? 'email-deliver',
      eventName: 'test/seeded',
      events: [{ id: randomUUID(), name: 'test/seeded', data: { organizationId: options.organizationId }, ts: clock }],
      status: options.status ?? 'completed',
      organizationId: options.organizationId,
      createdAt: new Date(clock),
      startedAt: new Date(clock),
      finishedAt: options.status === 'queued' ? null : new Date(clock + 250),
      error: failed ? { name: 'Error', message: 'carrier unreachable' } : undefined,
      // The queued ones are for far later: no runner in this file, but keep them out of anyone's way.
      runAfter: options.status === 'queued' ? new Date(Date.now() + 86_400_000) : new Date(clock),
    },
  })
}

const listIds = async (path: string, cookie: string) => {
  const { status, body } = unwrap(await listLoader({ request: get(path, cookie), params: {}, context: {} }))
  expect(status).toBe(200)
  return body.page!.items.map((run) => run.id)
}

const saved = { ...process.env }
afterEach(() => {
  for (const key of ['INNGEST_DEV', 'INNGEST_EVENT_KEY', 'INNGEST_SIGNING_KEY', 'INNGEST_BASE_URL', 'INNGEST_ENV']) {
    if (saved[key] === undefined) delete process.env[key]
    else process.env[key] = saved[key]
  }
  resetEnv()
})

describe('/settings/jobs', () => {
  it('keeps operators out of the list, the run page and its actions, and sends visitors to sign in', async () => {
    const { user, cookie } = await signedIn('operator')
    const run = await seedRun({ organizationId: user.organizationId, status: 'failed' })
    expect((await thrown(listLoader({ request: get('/settings/jobs', cookie), params: {}, context: {} }))).status).toBe(403)
    const params = { runId: run.id }
    expect((await thrown(runLoader({ request: get(`/settings/jobs/${run.id}`, cookie), params, context: {} }))).status).toBe(403)
    const refused = await thrown(runAction({ request: post(`/settings/jobs/${run.id}`, cookie, { intent: 'retry' }), params, context: {} }))
    expect(refused.status).toBe(403)
    expect((await prisma.jobRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe('failed')

    const anonymous = await thrown(listLoader({ request: get('/settings/jobs'), params: {}, context: {} }))
    expect(anonymous.status).toBe(302)
  })

  it('shows an admin only their organization’s runs; another organization’s run is not found, and cannot be retried', async () => {
    const mine = await createOrganization()
    const theirs = await createOrganization()
    const { cookie } = await signedIn('admin', mine.id)
    const own = await seedRun({ organizationId: mine.id })
    const ownFailed = await seedRun({ organizationId: mine.id, status: 'failed' })
    const foreign = await seedRun({ organizationId: theirs.id, status: 'failed' })
    const platform = await seedRun({ organizationId: null })

    expect(await listIds('/settings/jobs', cookie)).toEqual([ownFailed.id, own.id])

    const params = { runId: foreign.id }
    expect((await thrown(runLoader({ request: get(`/settings/jobs/${foreign.id}`, cookie), params, context: {} }))).status).toBe(404)
    const refused = await thrown(runAction({ request: post(`/settings/jobs/${foreign.id}`, cookie, { intent: 'retry' }), params, context: {} }))
    expect(refused.status).toBe(404)
    const cancel = await thrown(runAction({ request: post(`/settings/jobs/${foreign.id}`, cookie, { intent: 'cancel' }), params, context: {} }))
    expect(cancel.status).toBe(404)
    expect((await prisma.jobRun.findUniqueOrThrow({ where: { id: foreign.id } })).status).toBe('failed')
    expect(await prisma.auditLog.count({ where: { targetId: foreign.id } })).toBe(0)
    const platformPage = runLoader({ request: get(`/settings/jobs/${platform.id}`, cookie), params: { runId: platform.id }, context: {} })
    expect((await thrown(platformPage)).status).toBe(404)

    // Their own failed run: retried, audited in their organization.
    const retried = await runAction({ request: post(`/settings/jobs/${ownFailed.id}`, cookie, { intent: 'retry' }), params: { runId: ownFailed.id }, context: {} })
    expect(retried).toMatchObject({ ok: true })
    expect((await prisma.jobRun.findUniqueOrThrow({ where: { id: ownFailed.id } })).status).toBe('queued')
    expect(await prisma.auditLog.findMany({ where: { targetId: ownFailed.id } })).toEqual([
      expect.objectContaining({ action: 'job_run.retried', organizationId: mine.id }),
    ])
  })

  it('shows the platform’s super admin every run, with its organization', async () => {
    const one = await createOrganization({ name: 'One Realty' })
    const { cookie } = await signedIn('super_admin')
    const a = await seedRun({ organizationId: one.id })
    const b = await seedRun({ organizationId: null })
    const { body } = unwrap(await listLoader({ request: get('/settings/jobs', cookie), params: {}, context: {} }))
    expect(body.allSeen).toBe(true)
    const rows = body.page!.items.filter((run) => [a.id, b.id].includes(run.id))
    expect(rows.map((run) => [run.id, run.organization?.name ?? null])).toEqual([
      [b.id, null],
      [a.id, 'One Realty'],
    ])
    const detail = await runLoader({ request: get(`/settings/jobs/${a.id}`, cookie), params: { runId: a.id }, context: {} })
    expect(detail.run).toMatchObject({ id: a.id, organization: { name: 'One Realty' } })
  })

  it('filters by function and status, and pages with keyset cursors', async () => {
    const org = await createOrganization()
    const { cookie } = await signedIn('admin', org.id)
    const runs = []
    for (let i = 0; i < 5; i++) runs.push(await seedRun({ organizationId: org.id, functionId: i % 2 ? 'auth-cleanup-expired-credentials' : 'email-deliver', status: i === 4 ? 'failed' : 'completed' }))
    const newestFirst = runs.map((r) => r.id).reverse()

    expect(await listIds('/settings/jobs?function=email-deliver', cookie)).toEqual([runs[4]!.id, runs[2]!.id, runs[0]!.id])
    expect(await listIds('/settings/jobs?function=email-deliver&status=failed', cookie)).toEqual([runs[4]!.id])
    const invalid = unwrap(await listLoader({ request: get('/settings/jobs?status=exploded', cookie), params: {}, context: {} }))
    expect(invalid).toMatchObject({ status: 400, body: { page: null, filterErrors: [expect.stringContaining('status')] } })

    const first = unwrap(await listLoader({ request: get('/settings/jobs?size=2', cookie), params: {}, context: {} })).body.page!
    expect(first.items.map((r) => r.id)).toEqual(newestFirst.slice(0, 2))
    const second = unwrap(await listLoader({ request: get(`/settings/jobs?size=2&after=${first.nextCursor}`, cookie), params: {}, context: {} })).body.page!
    expect(second.items.map((r) => r.id)).toEqual(newestFirst.slice(2, 4))
    const back = unwrap(await listLoader({ request: get(`/settings/jobs?size=2&before=${second.prevCursor}`, cookie), params: {}, context: {} })).body.page!
    expect(back.items.map((r) => r.id)).toEqual(newestFirst.slice(0, 2))
  })

  it('with Inngest configured, keeps no runs and links each function to the Dev Server or Inngest Cloud', async () => {
    const { user, cookie } = await signedIn('admin')
    await seedRun({ organizationId: user.organizationId })

    process.env.INNGEST_DEV = '1'
    resetEnv()
    const dev = unwrap(await listLoader({ request: get('/settings/jobs', cookie), params: {}, context: {} })).body
    expect(dev.page).toBeNull()
    expect(dev.overview).toMatchObject({ mode: 'inngest', dashboard: { label: 'Inngest Dev Server', url: 'http://localhost:8288' } })
    expect(dev.overview.functions).toContainEqual(
      expect.objectContaining({
        id: 'email-deliver',
        triggers: ['event: email/queued'],
        flowControl: ['retries: 5'],
        dashboardUrl: 'http://localhost:8288/functions/config?slug=esd-quest-email-deliver',
      }),
    )

    delete process.env.INNGEST_DEV
    process.env.INNGEST_EVENT_KEY = 'event-key'
    process.env.INNGEST_SIGNING_KEY = 'signkey-prod-abc'
    process.env.INNGEST_ENV = 'branch-1'
    resetEnv()
    const cloud = unwrap(await listLoader({ request: get('/settings/jobs', cookie), params: {}, context: {} })).body
    expect(cloud.overview.dashboard).toEqual({ label: 'Inngest Cloud', url: 'https://app.inngest.com/env/branch-1/functions' })
    expect(cloud.overview.functions.find((fn) => fn.id === 'email-deliver')?.dashboardUrl).toBe(
      'https://app.inngest.com/env/branch-1/functions/esd-quest-email-deliver',
    )
  })
})
