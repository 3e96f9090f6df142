import type { ConsentKind } from '~/generated/prisma/client.ts'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { possibleE164 } from './consent-number'
import { decideConsentByPurpose, type GateBlockReason } from './decide-sends.server'

const RECENT_EVENTS = 20

export type ConsentStandingView = {
  e164: string
  /** What the gate's consent rules decide for this number, per purpose (quiet hours, a matter of when, are not part of it). */
  decisions: { marketing: { allowed: boolean; reason: GateBlockReason | null }; reply: { allowed: boolean; reason: GateBlockReason | null } }
  /** The latest events of the organization and the platform lists, newest first. */
  events: {
    id: string
    scope: 'organization' | 'platform'
    kind: ConsentKind
    source: string
    evidence: unknown
    actorType: string
    actorLabel: string
    /** ISO 8601. */
    createdAt: string
  }[]
}

/** Where a number stands for an organization: the gate's answer per purpose and the events behind it. */
export async function getConsentStanding({ organizationId, phone }: { organizationId: string; phone: string }): Promise<ConsentStandingView> {
  const e164 = possibleE164(phone)
  if (!e164) throw new AppError('invalid_phone_number', `"${phone}" is not a valid phone number.`, 422, { field: 'phone' })
  const [{ marketing, reply }, events] = await Promise.all([
    decideConsentByPurpose({ organizationId, recipients: [{ to: e164 }] }),
    prisma.consentEvent.findMany({
      where: { e164, OR: [{ organizationId, scope: 'organization' }, { scope: 'platform' }] },
      orderBy: { id: 'desc' },
      take: RECENT_EVENTS,
    }),
  ])
  const decision = (d: (typeof marketing)[number]) => ({ allowed: d.allowed, reason: d.allowed ? null : d.reason })
  return {
    e164,
    decisions: { marketing: decision(marketing[0]!), reply: decision(reply[0]!) },
    // A platform list is shared by every organization; who recorded it and on what evidence stays with the platform.
    events: events.map((e) => ({
      id: String(e.id),
      scope: e.scope,
      kind: e.kind,
      source: e.source,
      evidence: e.scope === 'platform' ? {} : e.evidence,
      actorType: e.scope === 'platform' ? 'system' : e.actorType,
      actorLabel: e.scope === 'platform' ? 'Platform list' : e.actorLabel,
      createdAt: e.createdAt.toISOString(),
    })),
  }
}
