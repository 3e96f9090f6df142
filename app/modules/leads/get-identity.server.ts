import { activeDncListing, consentStandings, type ConsentStandingName } from '~/modules/compliance/consent-rules'
import { decideConsentByPurpose, type GateBlockReason } from '~/modules/compliance/decide-sends.server'
import { GATE_BLOCK_REASONS } from '~/modules/compliance/gate-block-reasons'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import type { LeadStatusName } from './lead-filter'
import { maskPhone } from './mask-phone'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const LEADS = 100

type Standing = { allowed: boolean; reason: GateBlockReason | null; message: string | null }

export type IdentityDetail = {
  id: string
  fullName: string
  firstName: string | null
  middleName: string | null
  lastName: string | null
  suffix: string | null
  age: number | null
  deceased: boolean | null
  createdAt: string
  phones: {
    id: string
    number: string
    lineType: string | null
    position: number
    source: string
    /** The same standing the lead page and the consent API show. */
    marketing: Standing
    reply: Standing
    consent: ConsentStandingName[]
    dncListed: boolean
  }[]
  emails: { address: string; position: number; source: string }[]
  properties: { id: string; role: 'owner' | 'mailing'; line1: string; city: string; state: string; postalCode: string; source: string }[]
  leads: { id: string; vertical: string; verticalKey: string; propertyId: string; status: LeadStatusName; grade: string | null; tags: string[]; createdAt: string }[]
}

/**
 * One person of the organization's identity graph: their name, every phone
 * with where it stands (the gate's consent rules, as the lead page shows
 * them), emails, properties (owned and mailing) and leads. Numbers are
 * masked unless `showNumbers`.
 */
export async function getIdentity(options: { organizationId: string; identityId: string; showNumbers: boolean }): Promise<IdentityDetail> {
  const notFound = new AppError('identity_not_found', 'No such identity in the organization.', 404)
  if (!UUID.test(options.identityId)) throw notFound
  const identity = await prisma.identity.findFirst({
    where: { id: options.identityId, organizationId: options.organizationId },
    include: {
      phones: { include: { phone: true }, orderBy: [{ position: 'asc' }, { createdAt: 'asc' }] },
      emails: { include: { email: true }, orderBy: [{ position: 'asc' }, { createdAt: 'asc' }] },
      properties: { include: { property: true }, orderBy: [{ role: 'asc' }, { createdAt: 'asc' }] },
      leads: { include: { vertical: { select: { name: true, key: true } } }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: LEADS },
    },
  })
  if (!identity) throw notFound
  const numbers = identity.phones.map((l) => l.phone.e164)
  const consent = numbers.length ? await decideConsentByPurpose({ organizationId: options.organizationId, recipients: numbers.map((to) => ({ to })) }) : null
  const decision = (d: { allowed: boolean; reason?: GateBlockReason } | undefined): Standing => {
    const reason = d && !d.allowed ? (d.reason ?? null) : null
    return { allowed: d?.allowed ?? false, reason, message: reason ? GATE_BLOCK_REASONS[reason] : null }
  }
  return {
    id: identity.id,
    fullName: identity.fullName,
    firstName: identity.firstName,
    middleName: identity.middleName,
    lastName: identity.lastName,
    suffix: identity.suffix,
    age: identity.age,
    deceased: identity.deceased,
    createdAt: identity.createdAt.toISOString(),
    phones: identity.phones.map((link, i) => ({
      id: link.phone.id,
      number: options.showNumbers ? link.phone.e164 : maskPhone(link.phone.e164),
      lineType: link.phone.lineType,
      position: link.position,
      source: link.source,
      marketing: decision(consent?.marketing[i]),
      reply: decision(consent?.reply[i]),
      consent: consent ? consentStandings(consent.standings[i]!) : ['clear'],
      dncListed: consent ? activeDncListing(consent.standings[i]!.organization) : false,
    })),
    emails: identity.emails.map((link) => ({ address: link.email.address, position: link.position, source: link.source })),
    properties: identity.properties.map((link) => ({
      id: link.property.id,
      role: link.role,
      line1: link.property.line1,
      city: link.property.city,
      state: link.property.state,
      postalCode: link.property.postalCode,
      source: link.source,
    })),
    leads: identity.leads.map((lead) => ({
      id: lead.id,
      vertical: lead.vertical.name,
      verticalKey: lead.vertical.key,
      propertyId: lead.propertyId,
      status: lead.status,
      grade: lead.grade,
      tags: lead.tags,
      createdAt: lead.createdAt.toISOString(),
    })),
  }
}
