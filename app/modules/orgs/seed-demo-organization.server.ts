import { systemActor } from '~/modules/audit/actor'
import { recordAudit } from '~/modules/audit/record-audit.server'
import { prisma } from '~/utils/db.server'
import { identityHash, propertyHash } from '~/modules/leads/natural-keys.server'
import { demoLeads } from './demo-data.server'

export const DEMO_ORG_SLUG = 'demo'
export const DEMO_ADMIN_EMAIL = 'admin@demo.esd.quest'
export const DEMO_SUPER_ADMIN_EMAIL = 'root@platform.esd.quest'
const SEED_ACTOR = 'seed:demo'

/** A platform organization with a super admin, so platform features can be tried locally. */
export async function seedDemoSuperAdmin() {
  const existing = await prisma.user.findUnique({ where: { email: DEMO_SUPER_ADMIN_EMAIL } })
  if (existing) return existing
  return prisma.$transaction(async (tx) => {
    const platform =
      (await tx.organization.findUnique({ where: { slug: 'platform' } })) ??
      (await tx.organization.create({ data: { name: 'esd.quest Platform', slug: 'platform', environment: 'test' } }))
    const user = await tx.user.create({
      data: { organizationId: platform.id, email: DEMO_SUPER_ADMIN_EMAIL, name: 'Platform Root', role: 'super_admin' },
    })
    await recordAudit(tx, {
      actor: systemActor(SEED_ACTOR, { organizationId: platform.id }),
      action: 'user.created',
      target: { type: 'user', id: user.id },
      summary: { after: { email: user.email, role: user.role } },
    })
    return user
  })
}

/**
 * Creates the sandbox demo organization once: an admin and a few hundred
 * leads on fictional numbers. Later calls only return what exists.
 */
export async function seedDemoOrganization(options: { leadCount?: number } = {}) {
  const existing = await prisma.organization.findUnique({
    where: { slug: DEMO_ORG_SLUG },
    include: { users: { where: { email: DEMO_ADMIN_EMAIL } } },
  })
  if (existing?.users[0]) return { organization: existing, admin: existing.users[0], created: false }

  const leads = demoLeads(options.leadCount ?? 300)
  return prisma.$transaction(
    async (tx) => {
      const organization =
        existing ??
        (await tx.organization.create({ data: { name: 'Demo Realty', slug: DEMO_ORG_SLUG, environment: 'sandbox' } }))
      const admin = await tx.user.create({
        data: { organizationId: organization.id, email: DEMO_ADMIN_EMAIL, name: 'Demo Admin', role: 'admin' },
      })
      const vertical = await tx.vertical.create({
        data: { organizationId: organization.id, key: 'seller', name: 'Home sellers' },
      })

      const properties = leads.map((l) => ({
        organizationId: organization.id,
        propertyHash: propertyHash(l.address),
        line1: l.address.line1,
        city: l.address.city,
        state: l.address.state,
        postalCode: l.address.postalCode,
      }))
      await tx.property.createMany({ data: properties, skipDuplicates: true })
      const propertyIds = new Map(
        (
          await tx.property.findMany({
            where: { organizationId: organization.id },
            select: { id: true, propertyHash: true },
          })
        ).map((p) => [p.propertyHash, p.id]),
      )

      const identities = leads.map((l, i) => ({
        organizationId: organization.id,
        identityHash: identityHash(`${l.firstName} ${l.lastName}`, properties[i]!.propertyHash),
        firstName: l.firstName,
        lastName: l.lastName,
        fullName: `${l.firstName} ${l.lastName}`,
      }))
      await tx.identity.createMany({ data: identities, skipDuplicates: true })
      const identityIds = new Map(
        (
          await tx.identity.findMany({
            where: { organizationId: organization.id },
            select: { id: true, identityHash: true },
          })
        ).map((p) => [p.identityHash, p.id]),
      )

      // Phone numbers are shared by every organization: reuse the ones that exist.
      await tx.phoneNumber.createMany({
        data: leads.map((l) => ({ e164: l.phoneE164, lineType: 'mobile', timezone: l.timezone })),
        skipDuplicates: true,
      })
      const phoneIds = new Map(
        (
          await tx.phoneNumber.findMany({
            where: { e164: { in: leads.map((l) => l.phoneE164) } },
            select: { id: true, e164: true },
          })
        ).map((p) => [p.e164, p.id]),
      )

      await tx.identityPhone.createMany({
        data: leads.flatMap((l, i) => {
          const identityId = identityIds.get(identities[i]!.identityHash)
          const phoneId = phoneIds.get(l.phoneE164)
          return identityId && phoneId ? [{ identityId, phoneId, source: 'demo-seed' }] : []
        }),
        skipDuplicates: true,
      })
      await tx.lead.createMany({
        data: leads.flatMap((l, i) => {
          const identityId = identityIds.get(identities[i]!.identityHash)
          const propertyId = propertyIds.get(properties[i]!.propertyHash)
          if (!identityId || !propertyId) return []
          return [{
            organizationId: organization.id,
            identityId,
            propertyId,
            verticalId: vertical.id,
            status: l.status,
            grade: l.grade,
            tags: l.tags,
          }]
        }),
        skipDuplicates: true,
      })
      const template = await tx.messageTemplate.create({
        data: {
          organizationId: organization.id,
          name: 'Seller intro',
          body: '{Hi|Hello} {first_name|there}, this is {sender_name} with {company_name}. Still thinking of selling {property_address}? Reply STOP to opt out.',
          firstContact: true,
          createdByLabel: 'Demo data',
        },
      })
      // A draft campaign in a crusade, to dry run, preview and launch from the campaign page.
      const filter = await tx.savedLeadFilter.create({ data: { organizationId: organization.id, name: 'New leads', filter: { status: ['new'] }, createdByLabel: 'Demo data' } })
      const schedule = { days: [1, 2, 3, 4, 5], windowStart: '10:00', windowEnd: '18:00', timeZone: 'America/Chicago', throttlePerMinute: 30 }
      const crusade = await tx.crusade.create({ data: { organizationId: organization.id, name: 'Spring sellers', ...schedule, createdByLabel: 'Demo data' } })
      await tx.campaign.create({
        data: {
          organizationId: organization.id,
          crusadeId: crusade.id,
          name: 'Seller intro to new leads',
          savedFilterId: filter.id,
          filter: { status: ['new'] },
          templateIds: [template.id],
          senderName: 'Sam',
          ...schedule,
          createdByLabel: 'Demo data',
        },
      })
      await recordAudit(tx, {
        actor: systemActor(SEED_ACTOR, { organizationId: organization.id }),
        action: 'organization.seeded',
        target: { type: 'organization', id: organization.id },
        summary: { after: { name: organization.name, environment: organization.environment, admin: admin.email, leads: leads.length, templates: 1, campaigns: 1 } },
      })
      return { organization, admin, created: true }
    },
    { timeout: 60_000 },
  )
}
