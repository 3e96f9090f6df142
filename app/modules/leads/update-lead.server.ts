import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { announceLeadWritten } from '~/modules/webhooks/announce-lead-webhook.server'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { type LeadInput, type LeadPatch } from './lead-input'
import { writeLead, type WriteLeadResult } from './write-lead.server'

const GRAPH_FIELDS = ['phones', 'emails', 'age', 'deceased', 'mailingAddress', 'property'] as const

export async function updateLead(options: {
  organizationId: string
  actor: Actor
  leadId: string
  patch: LeadPatch
  source: string
}): Promise<{ leadId: string; changed: boolean; write: WriteLeadResult | null }> {
  const notFound = new AppError('lead_not_found', 'No such lead in the organization.', 404)
  if (!/^[0-9a-f-]{36}$/i.test(options.leadId)) throw notFound
  const lead = await prisma.lead.findFirst({
    where: { id: options.leadId, organizationId: options.organizationId },
    include: { identity: true, property: true, vertical: { select: { key: true } } },
  })
  if (!lead) throw notFound
  const { patch } = options

  let write: WriteLeadResult | null = null
  if (GRAPH_FIELDS.some((field) => patch[field] !== undefined)) {
    const i = lead.identity
    const p = lead.property
    const input: LeadInput = {
      ...(i.firstName || i.lastName
        ? { firstName: i.firstName ?? undefined, middleName: i.middleName ?? undefined, lastName: i.lastName ?? undefined, suffix: i.suffix ?? undefined }
        : { fullName: i.fullName }),
      propertyAddress: { line1: p.line1, city: p.city, state: p.state, postalCode: p.postalCode },
      vertical: lead.vertical.key,
      phones: patch.phones,
      emails: patch.emails,
      age: patch.age,
      deceased: patch.deceased,
      mailingAddress: patch.mailingAddress,
      property: patch.property,
      tags: patch.tags,
      status: patch.status,
    }
    write = await writeLead({ organizationId: options.organizationId, actor: options.actor, lead: input, source: options.source, expectLeadId: lead.id, announce: false })
  }

  // What writeLead did not do: the lead's own columns (read again: the write may have added tags).
  const current = write ? await prisma.lead.findUniqueOrThrow({ where: { id: lead.id }, select: { tags: true, status: true, grade: true } }) : lead
  const tagsToAdd = write ? [] : (patch.tags ?? [])
  const status = write ? undefined : patch.status
  const removeTags = patch.removeTags ?? []
  const nextTags = [...new Set([...current.tags, ...tagsToAdd])].filter((t) => !removeTags.includes(t)).sort()
  const ownChanges: Record<string, unknown> = {}
  if (nextTags.join('\u0000') !== [...current.tags].sort().join('\u0000')) ownChanges.tags = nextTags
  if (status !== undefined && status !== current.status) ownChanges.status = status
  if (patch.grade !== undefined && patch.grade !== current.grade) ownChanges.grade = patch.grade
  if (Object.keys(ownChanges).length) {
    await withAudit({ actor: options.actor, action: 'lead.updated', target: { type: 'lead', id: lead.id } }, async (tx) => {
      await tx.lead.update({ where: { id: lead.id }, data: ownChanges })
      return { result: null, summary: { source: options.source, changed: Object.keys(ownChanges) } }
    })
  }
  const changed = Boolean(write?.changed) || Object.keys(ownChanges).length > 0
  // Once, when the whole patch is stored (the graph through writeLead, then the lead's own columns).
  if (changed) await announceLeadWritten({ organizationId: options.organizationId, leadId: lead.id, identityId: lead.identityId, created: false, source: options.source })
  return { leadId: lead.id, changed, write }
}
