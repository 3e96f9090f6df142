import { afterEach, describe, expect, it, vi } from 'vitest'
import { isAppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { insertAuditEntries } from '../../../tests/support/audit-entries'
import { parseCsv, readStream } from '../../../tests/support/csv'
import { createOrganization, createUser } from '../../../tests/support/factories'
import type { Actor } from './actor'
import type { AuditFilters } from './audit-filters'
import { AUDIT_CSV_COLUMNS, exportAuditCsv } from './export-audit-csv.server'

async function adminOf(organizationId: string): Promise<Actor> {
  const user = await createUser({ organizationId, role: 'admin' })
  return { type: 'user', userId: user.id, organizationId, label: user.email, requestId: 'req-export-0001', ip: '198.51.100.4' }
}

async function exportRecords(organizationId: string, filters: AuditFilters = {}) {
  const actor = await adminOf(organizationId)
  const { text } = await readStream(await exportAuditCsv({ organizationId, actor, filters }))
  const [header, ...rows] = parseCsv(text)
  return { header, rows, text }
}

describe('exportAuditCsv', () => {
  afterEach(() => vi.restoreAllMocks())

  it('writes a header and one RFC 4180 row per entry, with formulas neutralized and the summary as JSON', async () => {
    const org = await createOrganization()
    const summary = { note: 'a,b "c"\nd', nested: { list: [1, 2] } }
    await insertAuditEntries(org.id, [
      { action: 'lead.created', createdAt: new Date('2026-04-01T08:00:00.000Z'), actorLabel: 'import pipeline' },
      {
        action: 'lead.updated',
        createdAt: new Date('2026-04-02T09:30:00.123Z'),
        actorType: 'user',
        actorId: 'u-1',
        actorLabel: 'Smith, "Bob"\r\nJr',
        targetType: 'lead',
        targetId: '=HYPERLINK("http://evil.example","click")',
        requestId: '+cmd|calc',
        ip: '@203.0.113.9',
        summary,
      },
    ])
    const { header, rows, text } = await exportRecords(org.id, { action: 'lead.' })
    expect(header).toEqual([...AUDIT_CSV_COLUMNS])
    expect(text.startsWith(`${AUDIT_CSV_COLUMNS.join(',')}\r\n`)).toBe(true)
    expect(rows).toEqual([
      [
        '2026-04-02T09:30:00.123Z',
        'user',
        'u-1',
        'Smith, "Bob"\r\nJr',
        '',
        'lead.updated',
        'lead',
        `'=HYPERLINK("http://evil.example","click")`,
        "'+cmd|calc",
        "'@203.0.113.9",
        JSON.stringify(summary),
      ],
      ['2026-04-01T08:00:00.000Z', 'system', '', 'import pipeline', '', 'lead.created', '', '', '', '', '{}'],
    ])
    expect(JSON.parse(rows[0]![10]!)).toEqual(summary)
    expect(text).toContain('"Smith, ""Bob""\r\nJr"')
  })

  it("honours the filters and exports only the caller's organization", async () => {
    const mine = await createOrganization()
    const theirs = await createOrganization()
    await insertAuditEntries(mine.id, [
      { action: 'user.invited', actorLabel: 'ada@example.test', createdAt: new Date('2026-02-01T00:00:00.000Z') },
      { action: 'user.removed', actorLabel: 'ada@example.test', createdAt: new Date('2026-02-03T00:00:00.000Z') },
      { action: 'lead.created', actorLabel: 'import', createdAt: new Date('2026-02-02T00:00:00.000Z') },
    ])
    await insertAuditEntries(theirs.id, [
      { action: 'user.invited', actorLabel: 'eve@example.test', createdAt: new Date('2026-02-02T00:00:00.000Z') },
    ])
    const all = await exportRecords(mine.id)
    // Everything of mine, the export's own audit entry first (it is the newest).
    expect(all.rows.map((row) => row[5])).toEqual(['audit.exported', 'user.removed', 'lead.created', 'user.invited'])
    expect(all.text).not.toContain('eve@example.test')

    const users = await exportRecords(mine.id, { action: 'user.', to: '2026-02-02' })
    expect(users.rows.map((row) => [row[0], row[5], row[3]])).toEqual([['2026-02-01T00:00:00.000Z', 'user.invited', 'ada@example.test']])
  })

  it('records audit.exported with the actor and the filters before streaming, and refuses bad filters without a record', async () => {
    const org = await createOrganization()
    const actor = await adminOf(org.id)
    const stream = await exportAuditCsv({ organizationId: org.id, actor, filters: { action: 'user.', from: '2026-01-01', q: '' } })
    const recorded = await prisma.auditLog.findMany({ where: { organizationId: org.id, action: 'audit.exported' } })
    expect(recorded).toHaveLength(1)
    expect(recorded[0]).toMatchObject({
      actorType: 'user',
      actorId: actor.type === 'user' ? actor.userId : null,
      requestId: 'req-export-0001',
      ip: '198.51.100.4',
      summary: { filters: { action: 'user.', from: '2026-01-01' } },
    })
    await stream.cancel()

    const error = await exportAuditCsv({
      organizationId: org.id,
      actor,
      filters: { from: 'last tuesday' } as AuditFilters,
    }).catch((e: unknown) => e)
    expect(isAppError(error) && error.status).toBe(400)
    expect(await prisma.auditLog.count({ where: { organizationId: org.id, action: 'audit.exported' } })).toBe(1)
  })

  it('streams a large log in keyset batches, only as fast as it is read, every row once and in order', async () => {
    const org = await createOrganization()
    // 5,000 rows, seven per timestamp, so batch boundaries fall inside ties.
    await prisma.$executeRaw`
      INSERT INTO audit_log (organization_id, actor_type, actor_label, action, target_type, target_id, summary, created_at)
      SELECT ${org.id}::uuid, 'system', 'bulk loader', 'bulk.row', 'row', n::text, jsonb_build_object('n', n),
             timestamptz '2026-07-01T00:00:00Z' + ((n / 7) * interval '1 second')
        FROM generate_series(1, 5000) AS n`
    const expected = (
      await prisma.auditLog.findMany({
        where: { organizationId: org.id, action: 'bulk.row' },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        select: { targetId: true },
      })
    ).map((row) => row.targetId)

    const findMany = vi.spyOn(prisma.auditLog, 'findMany')
    const actor = await adminOf(org.id)
    const stream = await exportAuditCsv({ organizationId: org.id, actor, filters: { action: 'bulk.row' }, batchSize: 1000 })
    await new Promise((resolve) => setTimeout(resolve, 200))
    // Nobody is reading yet: at most the header and one batch are buffered.
    expect(findMany.mock.calls.length).toBeLessThanOrEqual(1)

    const reader = stream.getReader()
    const decoder = new TextDecoder()
    const chunks: string[] = []
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(decoder.decode(next.value))
    // Header, five full batches; the sixth query finds nothing more.
    expect(chunks).toHaveLength(6)
    expect(findMany).toHaveBeenCalledTimes(6)
    for (const call of findMany.mock.calls) expect(call[0]).toMatchObject({ take: 1000 })
    const [header, ...rows] = parseCsv(chunks.join(''))
    expect(header).toEqual([...AUDIT_CSV_COLUMNS])
    expect(rows).toHaveLength(5000)
    expect(rows.map((row) => row[7])).toEqual(expected)
    expect(new Set(rows.map((row) => row[7])).size).toBe(5000)
    expect(chunks.slice(1).map((chunk) => parseCsv(chunk).length)).toEqual([1000, 1000, 1000, 1000, 1000])
  })
})
