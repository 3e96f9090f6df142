import { activeDncListing, consentStandings, type ConsentStandingName } from '~/modules/compliance/consent-rules'
import { decideConsentByPurpose, type GateBlockReason } from '~/modules/compliance/decide-sends.server'
import { GATE_BLOCK_REASONS } from '~/modules/compliance/gate-block-reasons'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import type { LeadStatusName } from './lead-filter'
import { maskPhone } from './mask-phone'

const EVENTS = 50
const CONVERSATIONS = 20

export type LeadPhone = {
  /** The phone's id: what actions name, so a masked number is never sent back to the server. */
  id: string
  number: string
  lineType: string | null
  position: number
  /** Where the link was first seen: `import:…`, `demo-seed`, …, with the file, row and column when an import made it. */
  source: string
  importFileId: string | null
  importFilename: string | null
  rowNo: number | null
  sourceColumn: string | null
  /** What the send gate's consent rules say now, per purpose (quiet hours and caps are a matter of when). */
  marketing: { allowed: boolean; reason: GateBlockReason | null; message: string | null }
  reply: { allowed: boolean; reason: GateBlockReason | null; message: string | null }
  /** What is recorded in force for the number (consent-rules.ts `consentStandings`): the values of the leads' consent filter. */
  consent: ConsentStandingName[]
  /** On the organization's own do-not-call list, not removed since: what an operator may take it off (the platform's lists are not theirs to change). */
  dncListed: boolean
  /** The number a send to the lead uses (lead-send-phone-sql.ts): the one the leads' consent filter reads. */
  sendNumber: boolean
}

export type LeadDetail = {
  id: string
  status: LeadStatusName
  grade: string | null
  tags: string[]
  vertical: string
  createdAt: string
  identity: { id: string; fullName: string; firstName: string | null; lastName: string | null; age: number | null; deceased: boolean | null }
  property: {
    line1: string
    city: string
    state: string
    postalCode: string
    propertyType: string | null
    bedrooms: number | null
    bathrooms: number | null
    livingSqft: number | null
    yearBuilt: number | null
    assessedValue: number | null
    estimatedValue: number | null
    equity: number | null
  }
  phones: LeadPhone[]
  events: { id: string; kind: string; importFileId: string | null; importFilename: string | null; rowNo: number | null; createdAt: string }[]
  conversations: { id: string; number: string; lastMessageAt: string; lastInboundAt: string | null }[]
}

/**
 * Everything an operator reads about one lead: who (the identity), where
 * (the property and its promoted attributes), every phone with its
 * provenance and where it stands with the send gate now, what happened to
 * the lead (its events, newest first), and its conversations. Numbers are
 * masked unless the viewer may see them.
 */
export async function getLead(options: { organizationId: string; leadId: string; showNumbers: boolean }): Promise<LeadDetail> {
  const lead = await prisma.lead.findFirst({
    where: { id: options.leadId, organizationId: options.organizationId },
    include: {
      vertical: { select: { name: true } },
      property: true,
      identity: { include: { phones: { include: { phone: true }, orderBy: [{ position: 'asc' }, { createdAt: 'asc' }] } } },
    },
  })
  if (!lead) throw new AppError('lead_not_found', 'No such lead in the organization.', 404)
  const links = lead.identity.phones
  const numbers = links.map((l) => l.phone.e164)
  const [consent, events, conversations] = await Promise.all([
    numbers.length ? decideConsentByPurpose({ organizationId: options.organizationId, recipients: numbers.map((to) => ({ to })) }) : null,
    prisma.leadEvent.findMany({ where: { leadId: lead.id, organizationId: options.organizationId }, orderBy: { id: 'desc' }, take: EVENTS }),
    numbers.length
      ? prisma.conversation.findMany({
          where: { organizationId: options.organizationId, toE164: { in: numbers } },
          orderBy: { lastMessageAt: 'desc' },
          take: CONVERSATIONS,
        })
      : [],
  ])
  const fileIds = [...new Set([...links.map((l) => l.importFileId), ...events.map((e) => e.importFileId)].filter((id): id is string => id !== null))]
  const files = fileIds.length
    ? new Map((await prisma.importFile.findMany({ where: { id: { in: fileIds }, organizationId: options.organizationId }, select: { id: true, filename: true } })).map((f) => [f.id, f.filename]))
    : new Map<string, string>()
  const sendIndex = sendPhoneIndex(links)
  const show = (e164: string) => (options.showNumbers ? e164 : maskPhone(e164))
  const decision = (d: { allowed: boolean; reason?: GateBlockReason } | undefined) => {
    const reason = d && !d.allowed ? (d.reason ?? null) : null
    return { allowed: d?.allowed ?? false, reason, message: reason ? GATE_BLOCK_REASONS[reason] : null }
  }
  const p = lead.property
  return {
    id: lead.id,
    status: lead.status,
    grade: lead.grade,
    tags: lead.tags,
    vertical: lead.vertical.name,
    createdAt: lead.createdAt.toISOString(),
    identity: {
      id: lead.identity.id,
      fullName: lead.identity.fullName,
      firstName: lead.identity.firstName,
      lastName: lead.identity.lastName,
      age: lead.identity.age,
      deceased: lead.identity.deceased,
    },
    property: {
      line1: p.line1,
      city: p.city,
      state: p.state,
      postalCode: p.postalCode,
      propertyType: p.propertyType,
      bedrooms: p.bedrooms,
      bathrooms: p.bathrooms,
      livingSqft: p.livingSqft,
      yearBuilt: p.yearBuilt,
      assessedValue: p.assessedValue === null ? null : Number(p.assessedValue),
      estimatedValue: p.estimatedValue === null ? null : Number(p.estimatedValue),
      equity: p.equity === null ? null : Number(p.equity),
    },
    phones: links.map((link, i) => ({
      id: link.phone.id,
      number: show(link.phone.e164),
      lineType: link.phone.lineType,
      position: link.position,
      source: link.source,
      importFileId: link.importFileId,
      importFilename: link.importFileId ? (files.get(link.importFileId) ?? null) : null,
      rowNo: link.rowNo,
      sourceColumn: link.sourceColumn,
      marketing: decision(consent?.marketing[i]),
      reply: decision(consent?.reply[i]),
      consent: consent ? consentStandings(consent.standings[i]!) : ['clear'],
      dncListed: consent ? activeDncListing(consent.standings[i]!.organization) : false,
      sendNumber: i === sendIndex,
    })),
    events: events.map((e) => ({
      id: e.id.toString(),
      kind: e.kind,
      importFileId: e.importFileId,
      importFilename: e.importFileId ? (files.get(e.importFileId) ?? null) : null,
      rowNo: e.rowNo,
      createdAt: e.createdAt.toISOString(),
    })),
    conversations: conversations.map((c) => ({ id: c.id, number: show(c.toE164), lastMessageAt: c.lastMessageAt.toISOString(), lastInboundAt: c.lastInboundAt?.toISOString() ?? null })),
  }
}

/**
 * Which of the links is the number a send uses, in lead-send-phone-sql.ts's
 * order: not a landline first, then position, confidence (highest first)
 * and age. -1 without a phone.
 */
function sendPhoneIndex(links: readonly { position: number; confidence: { toNumber(): number }; createdAt: Date; phone: { lineType: string | null } }[]): number {
  let best = -1
  const key = (l: (typeof links)[number]) => [l.phone.lineType === 'landline' ? 1 : 0, l.position, -l.confidence.toNumber(), l.createdAt.getTime()]
  for (let i = 0; i < links.length; i++) {
    if (best === -1) {
      best = i
      continue
    }
    const [a, b] = [key(links[i]!), key(links[best]!)]
    const d = a.findIndex((v, k) => v !== b[k])
    if (d !== -1 && a[d]! < b[d]!) best = i
  }
  return best
}
