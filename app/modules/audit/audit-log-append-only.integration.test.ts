import { beforeEach, describe, expect, it } from 'vitest'
import { pool, prisma } from '~/utils/db.server'
import { createOrganization } from '../../../tests/support/factories'
import { systemActor } from './actor'
import { recordAudit } from './record-audit.server'

const refused = /audit_log is append-only/

async function snapshot(organizationId: string) {
  return prisma.auditLog.findMany({ where: { organizationId }, orderBy: { id: 'asc' } })
}

describe('the audit log is append-only', () => {
  let organizationId: string
  beforeEach(async () => {
    organizationId = (await createOrganization()).id
    const actor = systemActor('test', { organizationId })
    await recordAudit(prisma, { actor, action: 'lead.created', target: { type: 'lead', id: 'lead-1' }, summary: { n: 1 } })
    await recordAudit(prisma, { actor, action: 'lead.updated', target: { type: 'lead', id: 'lead-1' }, summary: { n: 2 } })
  })

  it('refuses UPDATE and DELETE through Prisma', async () => {
    const before = await snapshot(organizationId)
    expect(before).toHaveLength(2)
    const first = before[0]!
    await expect(prisma.auditLog.update({ where: { id: first.id }, data: { action: 'forged' } })).rejects.toThrow(refused)
    await expect(prisma.auditLog.updateMany({ where: { organizationId }, data: { ip: '198.51.100.1' } })).rejects.toThrow(refused)
    await expect(prisma.auditLog.delete({ where: { id: first.id } })).rejects.toThrow(refused)
    await expect(prisma.auditLog.deleteMany({ where: { organizationId } })).rejects.toThrow(refused)
    await expect(
      prisma.auditLog.upsert({
        where: { id: first.id },
        create: { actorType: 'system', actorLabel: 'x', action: 'x' },
        update: { actorLabel: 'forged' },
      }),
    ).rejects.toThrow(refused)
    expect(await snapshot(organizationId)).toEqual(before)
  })

  it('refuses UPDATE, DELETE and TRUNCATE in raw SQL, whoever connects', async () => {
    const before = await snapshot(organizationId)
    await expect(
      prisma.$executeRaw`UPDATE audit_log SET action = 'forged' WHERE organization_id = ${organizationId}::uuid`,
    ).rejects.toThrow(refused)
    await expect(prisma.$executeRaw`DELETE FROM audit_log WHERE organization_id = ${organizationId}::uuid`).rejects.toThrow(
      refused,
    )
    await expect(prisma.$executeRawUnsafe('TRUNCATE audit_log')).rejects.toThrow(refused)

    // A plain pg connection (what a psql session or a script would use).
    await expect(pool.query(`UPDATE audit_log SET summary = '{}' WHERE organization_id = $1`, [organizationId])).rejects.toThrow(
      refused,
    )
    await expect(pool.query('DELETE FROM audit_log WHERE organization_id = $1', [organizationId])).rejects.toThrow(refused)
    await expect(pool.query('TRUNCATE audit_log')).rejects.toThrow(refused)
    await expect(pool.query('TRUNCATE audit_log CASCADE')).rejects.toThrow(refused)
    const sqlState = await pool.query('DELETE FROM audit_log').catch((error: { code?: string }) => error.code)
    expect(sqlState).toBe('42501')

    expect(await snapshot(organizationId)).toEqual(before)
  })

  it('still accepts new rows', async () => {
    await recordAudit(prisma, { actor: systemActor('test', { organizationId }), action: 'lead.deleted' })
    expect((await snapshot(organizationId)).map((row) => row.action)).toEqual(['lead.created', 'lead.updated', 'lead.deleted'])
  })
})
