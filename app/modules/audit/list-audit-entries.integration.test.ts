import { describe, expect, it } from 'vitest'
import { isAppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { insertAuditEntries } from '../../../tests/support/audit-entries'
import { createOrganization } from '../../../tests/support/factories'
import type { AuditFilters } from './audit-filters'
import { listAuditActions } from './list-audit-actions.server'
import { listAuditEntries } from './list-audit-entries.server'

const at = (iso: string) => new Date(iso)

async function actions(organizationId: string, filters: AuditFilters) {
  const page = await listAuditEntries({ organizationId, filters, pageSize: 200 })
  return page.items.map((item) => item.action)
}

describe('listAuditEntries', () => {
  it("returns only the organization's own entries, newest first, in the page's shape", async () => {
    const mine = await createOrganization()
    const theirs = await createOrganization()
    await insertAuditEntries(mine.id, [
      { action: 'lead.created', createdAt: at('2026-03-01T10:00:00.000Z') },
      {
        action: 'user.invited',
        createdAt: at('2026-03-02T10:00:00.000Z'),
        actorType: 'user',
        actorId: 'u-1',
        actorLabel: 'ada@example.test',
        targetType: 'invitation',
        targetId: 'inv-1',
        requestId: 'req-abc-123',
        ip: '203.0.113.5',
        summary: { after: { email: 'bob@example.test', role: 'operator' } },
      },
    ])
    await insertAuditEntries(theirs.id, [
      { action: 'user.invited', createdAt: at('2026-03-03T10:00:00.000Z'), actorId: 'u-2', targetId: 'inv-2' },
    ])
    await insertAuditEntries(null, [{ action: 'platform.booted', createdAt: at('2026-03-03T11:00:00.000Z') }])

    const page = await listAuditEntries({ organizationId: mine.id })
    expect(page.items).toHaveLength(2)
    expect(page.items[0]).toEqual({
      id: expect.stringMatching(/^\d+$/),
      createdAt: '2026-03-02T10:00:00.000Z',
      actor: { type: 'user', id: 'u-1', label: 'ada@example.test', impersonatorId: null },
      action: 'user.invited',
      target: { type: 'invitation', id: 'inv-1' },
      requestId: 'req-abc-123',
      ip: '203.0.113.5',
      summary: { after: { email: 'bob@example.test', role: 'operator' } },
    })
    expect(page.items[1]).toMatchObject({ action: 'lead.created', target: null })
    expect(page).toMatchObject({ nextCursor: null, prevCursor: null })

    // Filtering for the other organization's actor or target finds nothing, rather than their rows.
    expect(await actions(mine.id, { actor: 'u-2' })).toEqual([])
    expect(await actions(mine.id, { targetId: 'inv-2' })).toEqual([])
    expect(await actions(mine.id, { action: 'platform.booted' })).toEqual([])
    expect(await listAuditActions({ organizationId: mine.id })).toEqual(['lead.created', 'user.invited'])
  })

  it('filters by action (exact or prefix), actor, target, dates and free text', async () => {
    const org = await createOrganization()
    await insertAuditEntries(org.id, [
      { action: 'user.invited', actorType: 'user', actorId: 'u-ada', actorLabel: 'Ada@Example.test', createdAt: at('2025-12-31T23:59:59.999Z') },
      { action: 'user.role_changed', actorType: 'user', actorId: 'u-bob', actorLabel: 'bob@example.test', targetType: 'user', targetId: 'u-ada', createdAt: at('2026-01-01T00:00:00.000Z') },
      { action: 'users_export.started', actorType: 'api_key', actorId: 'key-1', actorLabel: 'Zapier', createdAt: at('2026-01-01T23:59:59.999Z') },
      { action: 'usersXexport.started', actorType: 'api_key', actorId: 'key-1', actorLabel: 'Zapier', createdAt: at('2026-01-02T00:00:00.000Z') },
      { action: 'lead.created', actorType: 'system', actorLabel: 'import pipeline', targetType: 'lead', targetId: 'lead-42', createdAt: at('2026-01-02T12:00:00.000Z') },
      { action: 'user', actorType: 'system', actorLabel: 'odd', createdAt: at('2026-01-03T12:00:00.000Z') },
    ])

    expect(await actions(org.id, { action: 'user.invited' })).toEqual(['user.invited'])
    expect(await actions(org.id, { action: 'user.' })).toEqual(['user.role_changed', 'user.invited'])
    expect(await actions(org.id, { action: 'user.*' })).toEqual(['user.role_changed', 'user.invited'])
    expect(await actions(org.id, { action: 'user' })).toEqual(['user'])
    // LIKE wildcards in a filter are literal characters.
    expect(await actions(org.id, { action: 'users_*' })).toEqual(['users_export.started'])
    expect(await actions(org.id, { q: '_export' })).toEqual(['users_export.started'])

    expect(await actions(org.id, { actorType: 'api_key' })).toEqual(['usersXexport.started', 'users_export.started'])
    expect(await actions(org.id, { actor: 'u-bob' })).toEqual(['user.role_changed'])
    expect(await actions(org.id, { actor: 'ada@EXAMPLE' })).toEqual(['user.invited'])
    expect(await actions(org.id, { actorType: 'user', actor: 'example.test' })).toEqual(['user.role_changed', 'user.invited'])
    expect(await actions(org.id, { targetType: 'user', targetId: 'u-ada' })).toEqual(['user.role_changed'])
    expect(await actions(org.id, { targetType: 'lead' })).toEqual(['lead.created'])

    // Whole UTC days, both ends included.
    expect(await actions(org.id, { from: '2026-01-01', to: '2026-01-01' })).toEqual(['users_export.started', 'user.role_changed'])
    expect(await actions(org.id, { from: '2026-01-02' })).toEqual(['user', 'lead.created', 'usersXexport.started'])
    expect(await actions(org.id, { to: '2025-12-31' })).toEqual(['user.invited'])

    expect(await actions(org.id, { q: 'LEAD-4' })).toEqual(['lead.created'])
    expect(await actions(org.id, { q: 'zapier' })).toEqual(['usersXexport.started', 'users_export.started'])
    expect(await actions(org.id, { q: 'role_' })).toEqual(['user.role_changed'])
    expect(await actions(org.id, { action: 'user.', from: '2026-01-01' })).toEqual(['user.role_changed'])
    expect(await actions(org.id, { action: '' , q: '   ' })).toHaveLength(6)
  })

  it('refuses bad filters with field errors', async () => {
    const org = await createOrganization()
    const error = await listAuditEntries({
      organizationId: org.id,
      filters: { from: 'yesterday', to: '2026-02-30' } as AuditFilters,
    }).catch((e: unknown) => e)
    expect(isAppError(error) && error.status).toBe(400)
    expect(isAppError(error) && error.details).toEqual({
      fieldErrors: { from: ['Use a date like 2026-01-31'], to: ['Use a date like 2026-01-31'] },
    })
    const reversed = await listAuditEntries({ organizationId: org.id, filters: { from: '2026-02-02', to: '2026-02-01' } }).catch(
      (e: unknown) => e,
    )
    expect(isAppError(reversed) && reversed.details).toEqual({
      fieldErrors: { to: ['The end date must not be before the start date'] },
    })
    const badType = await listAuditEntries({ organizationId: org.id, filters: { actorType: 'robot' } as unknown as AuditFilters }).catch(
      (e: unknown) => e,
    )
    expect(isAppError(badType) && badType.status).toBe(400)
  })

  it('walks every page forward and back without duplicates or gaps, even with identical timestamps', async () => {
    const org = await createOrganization()
    const same = at('2026-05-05T05:05:05.555Z')
    await insertAuditEntries(org.id, [
      ...Array.from({ length: 9 }, (_, i) => ({ action: `early.${i}`, createdAt: new Date(same.getTime() - (i + 1) * 1000) })),
      ...Array.from({ length: 12 }, (_, i) => ({ action: `tied.${i}`, createdAt: same })),
      ...Array.from({ length: 2 }, (_, i) => ({ action: `late.${i}`, createdAt: new Date(same.getTime() + (i + 1) * 1000) })),
    ])
    const expected = (
      await prisma.auditLog.findMany({ where: { organizationId: org.id }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] })
    ).map((row) => row.id.toString())
    expect(expected).toHaveLength(23)

    const forward: string[][] = []
    let page = await listAuditEntries({ organizationId: org.id, pageSize: 5 })
    expect(page.prevCursor).toBeNull()
    forward.push(page.items.map((item) => item.id))
    while (page.nextCursor) {
      page = await listAuditEntries({ organizationId: org.id, pageSize: 5, after: page.nextCursor })
      forward.push(page.items.map((item) => item.id))
    }
    expect(forward.map((ids) => ids.length)).toEqual([5, 5, 5, 5, 3])
    expect(forward.flat()).toEqual(expected)

    const backward: string[][] = [page.items.map((item) => item.id)]
    while (page.prevCursor) {
      page = await listAuditEntries({ organizationId: org.id, pageSize: 5, before: page.prevCursor })
      backward.unshift(page.items.map((item) => item.id))
    }
    expect(backward).toEqual(forward)
    expect(page.nextCursor).not.toBeNull()
  })

  it('pages within a filter, and reads a tampered cursor as the first page', async () => {
    const org = await createOrganization()
    const same = at('2026-06-01T00:00:00.000Z')
    await insertAuditEntries(
      org.id,
      Array.from({ length: 10 }, (_, i) => ({ action: i % 2 ? 'lead.updated' : 'lead.created', createdAt: same })),
    )
    const first = await listAuditEntries({ organizationId: org.id, filters: { action: 'lead.updated' }, pageSize: 3 })
    const second = await listAuditEntries({ organizationId: org.id, filters: { action: 'lead.updated' }, pageSize: 3, after: first.nextCursor })
    expect([...first.items, ...second.items].map((item) => item.action)).toEqual(Array(5).fill('lead.updated'))
    expect(new Set([...first.items, ...second.items].map((item) => item.id)).size).toBe(5)
    expect(second.nextCursor).toBeNull()

    const tampered = await listAuditEntries({ organizationId: org.id, pageSize: 3, after: 'eyJ0Ijoibm9wZSJ9' })
    expect(tampered.items.map((item) => item.id)).toEqual(
      (await listAuditEntries({ organizationId: org.id, pageSize: 3 })).items.map((item) => item.id),
    )
  })
})
