import { describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { insertAuditEntries } from '../../tests/support/audit-entries'
import { parseCsv, readStream } from '../../tests/support/csv'
import { createOrganization, createUser, sessionCookieFor } from '../../tests/support/factories'
import { loader as pageLoader } from './_app.settings.audit'
import { loader as csvLoader } from './_app.settings.audit[.]csv'

type PageResult = Awaited<ReturnType<typeof pageLoader>>

function get(path: string, cookie?: string) {
  return new Request(`http://localhost${path}`, { headers: cookie ? { cookie } : {} })
}

async function thrown(promise: Promise<unknown>): Promise<Response> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  if (!(error instanceof Response)) throw new Error(`expected a thrown Response, got ${String(error)}`)
  return error
}

/** The loader's payload and status, whether it returned data() or a plain object. */
function unwrap(result: PageResult) {
  return 'init' in result && 'data' in result
    ? { status: result.init?.status ?? 200, body: result.data }
    : { status: 200, body: result }
}

async function signedIn(role: 'admin' | 'operator', organizationId?: string) {
  const user = await createUser({ role, ...(organizationId ? { organizationId } : {}) })
  return { user, cookie: await sessionCookieFor(user.id) }
}

describe('/settings/audit', () => {
  it('refuses operators with 403 and sends visitors to sign in', async () => {
    const { user, cookie } = await signedIn('operator')
    const page = await thrown(pageLoader({ request: get('/settings/audit', cookie), params: {}, context: {} }))
    expect(page.status).toBe(403)
    const csv = await thrown(csvLoader({ request: get('/settings/audit.csv', cookie), params: {}, context: {} }))
    expect(csv.status).toBe(403)
    expect(await prisma.auditLog.count({ where: { organizationId: user.organizationId } })).toBe(0)

    const anonymous = await thrown(pageLoader({ request: get('/settings/audit'), params: {}, context: {} }))
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('location')).toBe(`/signin?${new URLSearchParams({ redirectTo: '/settings/audit' })}`)
  })

  it("shows an admin their organization's entries, filtered by the query string", async () => {
    const { user, cookie } = await signedIn('admin')
    const other = await createOrganization()
    await insertAuditEntries(user.organizationId, [
      { action: 'user.invited', actorType: 'user', actorLabel: user.email, createdAt: new Date('2026-03-01T00:00:00Z') },
      { action: 'lead.created', createdAt: new Date('2026-03-02T00:00:00Z') },
    ])
    await insertAuditEntries(other.id, [{ action: 'user.invited', actorLabel: 'eve@example.test' }])

    const all = unwrap(await pageLoader({ request: get('/settings/audit', cookie), params: {}, context: {} }))
    expect(all.status).toBe(200)
    expect(all.body.page?.items.map((item) => item.action)).toEqual(['lead.created', 'user.invited'])
    expect(all.body.actions).toEqual(['lead.created', 'user.invited'])

    const users = unwrap(
      await pageLoader({ request: get('/settings/audit?action=user.&actorType=user&size=10', cookie), params: {}, context: {} }),
    )
    expect(users.body.page?.items.map((item) => [item.action, item.actor.label])).toEqual([['user.invited', user.email]])

    const none = unwrap(await pageLoader({ request: get('/settings/audit?actor=eve%40example.test', cookie), params: {}, context: {} }))
    expect(none.body.page?.items).toEqual([])
  })

  it('answers bad filters with 400 and field errors instead of failing', async () => {
    const { cookie } = await signedIn('admin')
    const result = unwrap(
      await pageLoader({
        request: get('/settings/audit?from=2026-02-31&to=soon&actorType=robot', cookie),
        params: {},
        context: {},
      }),
    )
    expect(result.status).toBe(400)
    expect(result.body.page).toBeNull()
    expect(result.body.result.error).toEqual({
      from: ['Use a date like 2026-01-31'],
      to: ['Use a date like 2026-01-31'],
      actorType: ['Choose user, API key or system'],
    })

    const csv = await csvLoader({ request: get('/settings/audit.csv?from=2026-13-01', cookie), params: {}, context: {} })
    expect(csv.status).toBe(400)
    expect(await csv.json()).toEqual({ errors: { from: ['Use a date like 2026-01-31'] } })
  })
})

describe('/settings/audit.csv', () => {
  it('streams the filtered log as an attachment and audits the export before the first byte', async () => {
    const { user, cookie } = await signedIn('admin')
    const other = await createOrganization()
    await insertAuditEntries(user.organizationId, [
      { action: 'lead.created', targetType: 'lead', targetId: 'lead-1', createdAt: new Date('2026-03-01T12:00:00Z') },
      { action: 'lead.updated', targetType: 'lead', targetId: 'lead-1', createdAt: new Date('2026-03-02T12:00:00Z') },
      { action: 'user.invited', createdAt: new Date('2026-03-03T12:00:00Z') },
    ])
    await insertAuditEntries(other.id, [{ action: 'lead.created', targetType: 'lead', targetId: 'lead-theirs' }])

    const response = await csvLoader({
      request: get('/settings/audit.csv?action=lead.&to=2026-03-01', cookie),
      params: {},
      context: { requestId: 'req-csv-00000001', clientIp: '192.0.2.44' },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const today = new Date().toISOString().slice(0, 10)
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="audit-${user.organization.slug}-${today}.csv"`,
    )

    // Recorded before anything was read from the body.
    const exported = await prisma.auditLog.findMany({ where: { organizationId: user.organizationId, action: 'audit.exported' } })
    expect(exported).toHaveLength(1)
    expect(exported[0]).toMatchObject({
      actorType: 'user',
      actorId: user.id,
      actorLabel: user.email,
      requestId: 'req-csv-00000001',
      ip: '192.0.2.44',
      summary: { filters: { action: 'lead.', to: '2026-03-01' } },
    })

    const [header, ...rows] = parseCsv((await readStream(response.body!)).text)
    expect(header?.[0]).toBe('created_at')
    expect(rows.map((row) => [row[0], row[5], row[7]])).toEqual([['2026-03-01T12:00:00.000Z', 'lead.created', 'lead-1']])
  })
})
