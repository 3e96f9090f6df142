import { describe, expect, it } from 'vitest'
import { systemActor } from '~/modules/audit/actor'
import { prisma } from '~/utils/db.server'
import { createOrganization } from '../../../tests/support/factories'
import { createLeads } from '../../../tests/support/leads'
import {
  deleteExternalRef,
  externalRefsOf,
  findEntityByExternalRef,
  findExternalRefs,
  setExternalRef,
} from './external-refs.server'

describe('external refs', () => {
  it('maps a key to an entity, moves it, finds it, lists it and deletes it — audited', async () => {
    const org = await createOrganization()
    const actor = systemActor('test', { organizationId: org.id })
    const { leads: [a, b] } = await createLeads(org.id, [{ phone: null }, { phone: null }])

    const first = await setExternalRef({ organizationId: org.id, actor, entityType: 'lead', entityId: a!.id, system: 'hubspot', externalId: 'c-1' })
    expect(first).toMatchObject({ created: true, previousEntityId: null, ref: { entityId: a!.id, system: 'hubspot', externalId: 'c-1' } })
    const again = await setExternalRef({ organizationId: org.id, actor, entityType: 'lead', entityId: a!.id, system: 'hubspot', externalId: 'c-1' })
    expect(again).toMatchObject({ created: false, previousEntityId: null })
    expect(again.ref.id).toBe(first.ref.id)

    await setExternalRef({ organizationId: org.id, actor, entityType: 'lead', entityId: a!.id, system: 'gohighlevel', externalId: 'g-9' })
    expect((await externalRefsOf({ organizationId: org.id, entityType: 'lead', entityId: a!.id })).map((r) => r.system)).toEqual([
      'gohighlevel',
      'hubspot',
    ])

    const moved = await setExternalRef({ organizationId: org.id, actor, entityType: 'lead', entityId: b!.id, system: 'hubspot', externalId: 'c-1' })
    expect(moved).toMatchObject({ created: false, previousEntityId: a!.id, ref: { entityId: b!.id } })
    expect(await findEntityByExternalRef({ organizationId: org.id, entityType: 'lead', system: 'hubspot', externalId: 'c-1' })).toMatchObject({
      entityId: b!.id,
    })
    expect(await findExternalRefs({ organizationId: org.id, system: 'hubspot' })).toHaveLength(1)
    expect(await findExternalRefs({ organizationId: org.id, entityId: a!.id })).toHaveLength(1)

    expect(await deleteExternalRef({ organizationId: org.id, actor, entityType: 'lead', system: 'hubspot', externalId: 'c-1' })).toBe(true)
    expect(await deleteExternalRef({ organizationId: org.id, actor, entityType: 'lead', system: 'hubspot', externalId: 'c-1' })).toBe(false)
    expect(await findEntityByExternalRef({ organizationId: org.id, entityType: 'lead', system: 'hubspot', externalId: 'c-1' })).toBeNull()

    const audit = await prisma.auditLog.findMany({ where: { organizationId: org.id, action: { startsWith: 'external_ref.' } } })
    // set (new), set (second system), set (moved), delete — the no-op set is not a change.
    expect(audit.map((r) => r.action).sort()).toEqual(['external_ref.deleted', 'external_ref.mapped', 'external_ref.mapped', 'external_ref.mapped'])
  })

  it("refuses an entity of another organization, an unknown entity and bad keys", async () => {
    const org = await createOrganization()
    const other = await createOrganization()
    const actor = systemActor('test', { organizationId: org.id })
    const { leads: [theirs] } = await createLeads(other.id, [{ phone: null }])

    await expect(
      setExternalRef({ organizationId: org.id, actor, entityType: 'lead', entityId: theirs!.id, system: 'hubspot', externalId: 'x' }),
    ).rejects.toMatchObject({ status: 404 })
    await expect(
      setExternalRef({ organizationId: org.id, actor, entityType: 'lead', entityId: 'not-a-uuid', system: 'hubspot', externalId: 'x' }),
    ).rejects.toMatchObject({ status: 404 })
    await expect(
      setExternalRef({ organizationId: org.id, actor, entityType: 'lead', entityId: theirs!.id, system: 'HubSpot', externalId: '' }),
    ).rejects.toMatchObject({ status: 422, details: { fieldErrors: { system: expect.any(Array), externalId: expect.any(Array) } } })
    await expect(
      setExternalRef({ organizationId: org.id, actor, entityType: 'spaceship', entityId: theirs!.id, system: 'hubspot', externalId: 'x' }),
    ).rejects.toMatchObject({ status: 422 })
    // The other organization's keys are its own.
    await setExternalRef({ organizationId: other.id, actor: systemActor('test', { organizationId: other.id }), entityType: 'lead', entityId: theirs!.id, system: 'hubspot', externalId: 'x' })
    expect(await findEntityByExternalRef({ organizationId: org.id, entityType: 'lead', system: 'hubspot', externalId: 'x' })).toBeNull()
    await expect(prisma.externalRef.count({ where: { organizationId: org.id } })).resolves.toBe(0)
  })

  it('the database refuses a system that is not a slug', async () => {
    const org = await createOrganization()
    const { leads: [lead] } = await createLeads(org.id, [{ phone: null }])
    await expect(
      prisma.externalRef.create({ data: { organizationId: org.id, entityType: 'lead', entityId: lead!.id, system: 'Has Space', externalId: 'x' } }),
    ).rejects.toThrow(/external_refs_system_check/)
  })
})
