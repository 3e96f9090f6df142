import { listSavedLeadFilters } from '~/modules/leads/saved-lead-filters.server'
import { prisma } from '~/utils/db.server'

/** What a campaign form offers: saved filters, templates in use, verticals, crusades, the sender pool's numbers and accounts. */
export async function campaignFormOptions(organizationId: string) {
  const [filters, templates, verticals, crusades, numbers, accounts] = await Promise.all([
    listSavedLeadFilters(organizationId),
    prisma.messageTemplate.findMany({ where: { organizationId, archivedAt: null }, orderBy: { name: 'asc' }, select: { id: true, name: true, body: true } }),
    prisma.vertical.findMany({ where: { organizationId }, orderBy: { name: 'asc' }, select: { id: true, name: true } }),
    prisma.crusade.findMany({ where: { organizationId }, orderBy: { name: 'asc' }, select: { id: true, name: true } }),
    prisma.senderNumber.findMany({ where: { organizationId, status: 'active' }, orderBy: { e164: 'asc' }, select: { id: true, e164: true, carrierAccountId: true } }),
    prisma.carrierAccount.findMany({ where: { organizationId }, orderBy: { name: 'asc' }, select: { id: true, name: true } }),
  ])
  return {
    filters: filters.map((f) => ({ id: f.id, name: f.name, usable: f.filter !== null })),
    templates: templates.map((t) => ({ id: t.id, name: t.name })),
    verticals,
    crusades,
    numbers,
    accounts,
  }
}
