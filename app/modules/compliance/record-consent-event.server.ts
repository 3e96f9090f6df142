import type { Actor } from '~/modules/audit/actor'
import { actorId } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import type { ConsentKind, ConsentScope } from '~/generated/prisma/client.ts'
import { AppError } from '~/utils/app-error'
import { Prisma } from '~/utils/db.server'
import { possibleE164, validE164 } from './consent-number'
import { decideConsentByPurpose } from './decide-sends.server'
import { announceWebhookEvent } from '~/modules/webhooks/emit-webhook-event.server'

/** Kinds that let a number be texted again or give a consent basis: a person's say-so is not enough without evidence. */
const RESTORING_KINDS: ReadonlySet<ConsentKind> = new Set(['opt_in', 'consent_granted'])
/** Kinds that need evidence: those, and a removal from the do-not-call list (it lets a listed number be texted again). */
const EVIDENCE_KINDS: ReadonlySet<ConsentKind> = new Set<ConsentKind>([...RESTORING_KINDS, 'dnc_delisted'])

export type RecordedConsentEvent = {
  id: string
  organizationId: string | null
  scope: ConsentScope
  kind: ConsentKind
  e164: string
  source: string
  evidence: unknown
  actorType: string
  actorLabel: string
  /** ISO 8601. */
  createdAt: string
}

/** The consent kinds the organization's webhook endpoints hear of: a number that may no longer be texted, and one that may again. */
const WEBHOOK_TYPE: Partial<Record<ConsentKind, 'consent.opted_out' | 'consent.opted_in'>> = {
  opt_out: 'consent.opted_out',
  wrong_number: 'consent.opted_out',
  complaint: 'consent.opted_out',
  opt_in: 'consent.opted_in',
  consent_granted: 'consent.opted_in',
}

const consentE164 = (phone: string, kind: ConsentKind) => (RESTORING_KINDS.has(kind) ? validE164(phone) : possibleE164(phone))

/**
 * Records one consent event (append-only; consent_status follows it by
 * trigger in the same transaction) with its audit row. The number is
 * normalized to E.164 first. An opt-in or consent grant needs evidence: a
 * note or a reference to a document or message (a string of 8 characters
 * or more). Only an opt-in lifts an earlier revocation; a consent grant is a
 * consent basis, not a way around a STOP (docs/decisions/038). A removal
 * from the do-not-call list (`dnc_delisted`, with evidence too) lifts the
 * subject's own DNC listing and nothing else. A
 * platform-scope event holds for every organization; only the caller's
 * guard (a super admin, or the system) may ask for one.
 */
export async function recordConsentEvent(options: {
  actor: Actor
  /** The organization the event is recorded in (also for platform scope: where it was recorded from, for the audit). */
  organizationId: string
  scope: ConsentScope
  kind: ConsentKind
  phone: string
  /** operator, api, inbound_sms, import, … */
  source: string
  evidence: Record<string, unknown>
  /** Makes recording the same fact twice add nothing (an inbound message's id, a webhook delivery). */
  evidenceKey?: string
}): Promise<RecordedConsentEvent> {
  const e164 = consentE164(options.phone, options.kind)
  if (!e164) {
    throw new AppError('invalid_phone_number', `"${options.phone}" is not a valid phone number.`, 422, { field: 'phone' })
  }
  if (EVIDENCE_KINDS.has(options.kind) && !hasEvidence(options.evidence)) {
    throw new AppError(
      'evidence_required',
      'An opt-in, a consent grant or a removal from the do-not-call list needs evidence: a note of what the person said and when, or a reference to the document or message (at least 8 characters).',
      422,
      { field: 'evidence' },
    )
  }
  const organizationId = options.scope === 'platform' ? null : options.organizationId
  let fresh = false
  const recorded = await withAudit(
    { actor: options.actor, action: 'consent.recorded', organizationId: options.organizationId },
    async (tx) => {
      const data = {
        organizationId,
        scope: options.scope,
        kind: options.kind,
        e164,
        source: options.source,
        evidence: options.evidence as Prisma.InputJsonValue,
        evidenceKey: options.evidenceKey ?? null,
        actorType: options.actor.type,
        actorId: actorId(options.actor),
        actorLabel: options.actor.label,
      }
      let event
      if (options.evidenceKey) {
        // ON CONFLICT DO NOTHING: a concurrent request with the same key waits for the other's commit, then finds its event.
        const { count } = await tx.consentEvent.createMany({ data: [data], skipDuplicates: true })
        event = await tx.consentEvent.findUniqueOrThrow({ where: { evidenceKey: options.evidenceKey } })
        if (count === 0) {
          if (event.kind !== options.kind || event.e164 !== e164 || event.organizationId !== organizationId) {
            throw new AppError('evidence_key_reused', 'That evidence key already records a different event.', 409)
          }
          return { result: toRecorded(event), target: { type: 'consent_event', id: String(event.id) }, summary: { alreadyRecorded: true } }
        }
      } else {
        event = await tx.consentEvent.create({ data })
      }
      fresh = true
      return {
        result: toRecorded(event),
        target: { type: 'consent_event', id: String(event.id) },
        summary: { kind: event.kind, scope: event.scope, e164, source: event.source },
      }
    },
  )
  // After the commit, once per event (a repeat with the same evidence key is not news); platform-scope events
  // are the platform's, not an organization's to announce.
  const type = WEBHOOK_TYPE[recorded.kind]
  if (fresh && type && recorded.organizationId) {
    // Where the number stands after it: a consent grant does not lift a STOP, and must not read as an opt-in while one holds.
    const decided = await decideConsentByPurpose({ organizationId: recorded.organizationId, recipients: [{ to: recorded.e164 }] })
    const marketing = decided.marketing[0]!
    const standing = { marketingAllowed: marketing.allowed, blockedBy: marketing.allowed ? null : marketing.reason }
    if (type === 'consent.opted_out' || marketing.allowed || marketing.reason !== 'opted_out') {
      await announceWebhookEvent({ organizationId: recorded.organizationId, type, data: { consent: consentWebhookData(recorded), standing } })
    }
  }
  return recorded
}

/** A consent event as `consent.*` webhooks carry it (docs/api.md, "Webhooks"). */
function consentWebhookData(event: RecordedConsentEvent) {
  return { id: event.id, phone: event.e164, kind: event.kind, scope: event.scope, source: event.source, evidence: event.evidence, recordedBy: event.actorLabel, recordedAt: event.createdAt }
}

/** Some text a person can follow up: a note or a reference of at least 8 characters. */
function hasEvidence(evidence: Record<string, unknown>): boolean {
  return Object.values(evidence).some((value) => typeof value === 'string' && value.trim().length >= 8)
}

/** The event as stored: the recorded view with its bigint id and Date. */
type EventRow = Omit<RecordedConsentEvent, 'id' | 'createdAt'> & { id: bigint; createdAt: Date }

/** Only the view's fields: a stored row also holds the evidence key and actor id, which stay inside. */
function toRecorded(event: EventRow): RecordedConsentEvent {
  const { organizationId, scope, kind, e164, source, evidence, actorType, actorLabel } = event
  return { id: String(event.id), organizationId, scope, kind, e164, source, evidence, actorType, actorLabel, createdAt: event.createdAt.toISOString() }
}
