import { beforeEach, describe, expect, it } from 'vitest'
import { pool, prisma } from '~/utils/db.server'
import { createOrganization } from '../../../tests/support/factories'
import { asOwner } from '../../../tests/support/owner-database'
import { systemActor } from './actor'
import { recordAudit } from './record-audit.server'

/**
 * Two locks on the audit trail (docs/decisions/014): the app role (DATABASE_URL)
 * may only INSERT and SELECT it and cannot alter, drop or disable anything;
 * the append-only trigger refuses changes even to the owner.
 */
const refusedByTrigger = /audit_log is append-only/
const permissionDenied = /permission denied|must be owner/
const sqlStateOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'succeeded',
    (error: { code?: string }) => error.code,
  )

async function snapshot(organizationId: string) {
  return prisma.auditLog.findMany({ where: { organizationId }, orderBy: { id: 'asc' } })
}

let organizationId: string
beforeEach(async () => {
  organizationId = (await createOrganization()).id
  const actor = systemActor('test', { organizationId })
  await recordAudit(prisma, { actor, action: 'lead.created', target: { type: 'lead', id: 'lead-1' }, summary: { n: 1 } })
  await recordAudit(prisma, { actor, action: 'lead.updated', target: { type: 'lead', id: 'lead-1' }, summary: { n: 2 } })
})

describe('the app role and the audit log', () => {
  it('is the role the app connects as', async () => {
    expect((await pool.query('SELECT current_user AS role')).rows[0].role).toBe('esd_app')
  })

  it('refuses UPDATE and DELETE through Prisma', async () => {
    const before = await snapshot(organizationId)
    expect(before).toHaveLength(2)
    const first = before[0]!
    await expect(prisma.auditLog.update({ where: { id: first.id }, data: { action: 'forged' } })).rejects.toThrow(permissionDenied)
    await expect(prisma.auditLog.updateMany({ where: { organizationId }, data: { ip: '198.51.100.1' } })).rejects.toThrow(permissionDenied)
    await expect(prisma.auditLog.delete({ where: { id: first.id } })).rejects.toThrow(permissionDenied)
    await expect(prisma.auditLog.deleteMany({ where: { organizationId } })).rejects.toThrow(permissionDenied)
    await expect(
      prisma.auditLog.upsert({
        where: { id: first.id },
        create: { actorType: 'system', actorLabel: 'x', action: 'x' },
        update: { actorLabel: 'forged' },
      }),
    ).rejects.toThrow(permissionDenied)
    expect(await snapshot(organizationId)).toEqual(before)
  })

  it('refuses UPDATE, DELETE and TRUNCATE in raw SQL with a permission error', async () => {
    const before = await snapshot(organizationId)
    for (const sql of [
      `UPDATE audit_log SET summary = '{}' WHERE organization_id = '${organizationId}'`,
      `DELETE FROM audit_log WHERE organization_id = '${organizationId}'`,
      'TRUNCATE audit_log',
      'TRUNCATE audit_log CASCADE',
    ]) {
      expect(await sqlStateOf(pool.query(sql)), sql).toBe('42501')
    }
    await expect(prisma.$executeRawUnsafe('TRUNCATE audit_log')).rejects.toThrow(permissionDenied)
    expect(await snapshot(organizationId)).toEqual(before)
  })

  it('cannot disable, drop or replace the append-only trigger, nor alter or drop the table', async () => {
    for (const sql of [
      'ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only',
      'ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_truncate',
      'ALTER TABLE audit_log DISABLE TRIGGER ALL',
      'DROP TRIGGER audit_log_append_only ON audit_log',
      'DROP FUNCTION audit_log_refuse_change() CASCADE',
      `CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
      'ALTER TABLE audit_log ADD COLUMN forged text',
      'ALTER TABLE audit_log RENAME TO audit_log_old',
      'DROP TABLE audit_log',
      'DROP TABLE audit_log CASCADE',
      // Replica mode skips ordinary triggers: only a superuser may switch to it.
      'SET session_replication_role = replica',
      `SELECT setval('audit_log_id_seq', 1)`,
    ]) {
      expect(await sqlStateOf(pool.query(sql)), sql).toBe('42501')
    }
    const triggers = await pool.query(
      `SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND NOT tgisinternal ORDER BY 1`,
    )
    expect(triggers.rows).toEqual([
      { tgname: 'audit_log_append_only', tgenabled: 'O' },
      { tgname: 'audit_log_no_truncate', tgenabled: 'O' },
    ])
  })

  it('still adds and reads rows', async () => {
    await recordAudit(prisma, { actor: systemActor('test', { organizationId }), action: 'lead.deleted' })
    expect((await snapshot(organizationId)).map((row) => row.action)).toEqual(['lead.created', 'lead.updated', 'lead.deleted'])
    const raw = await pool.query(
      `INSERT INTO audit_log (organization_id, actor_type, actor_label, action) VALUES ($1, 'system', 'test', 'lead.merged') RETURNING id`,
      [organizationId],
    )
    expect(raw.rows[0].id).toBeDefined()
    expect((await snapshot(organizationId)).map((row) => row.action)).toContain('lead.merged')
  })
})

describe('the append-only trigger', () => {
  it('refuses UPDATE, DELETE and TRUNCATE even to the owner of the table', async () => {
    const before = await snapshot(organizationId)
    await asOwner(async (owner) => {
      expect((await owner.query('SELECT current_user AS role')).rows[0].role).toBe('esd_owner')
      await expect(
        owner.query(`UPDATE audit_log SET summary = '{}' WHERE organization_id = $1`, [organizationId]),
      ).rejects.toThrow(refusedByTrigger)
      await expect(owner.query('DELETE FROM audit_log WHERE organization_id = $1', [organizationId])).rejects.toThrow(refusedByTrigger)
      await expect(owner.query('TRUNCATE audit_log')).rejects.toThrow(refusedByTrigger)
      await expect(owner.query('TRUNCATE audit_log CASCADE')).rejects.toThrow(refusedByTrigger)
      expect(await sqlStateOf(owner.query('DELETE FROM audit_log'))).toBe('42501')
    })
    expect(await snapshot(organizationId)).toEqual(before)
  })
})
