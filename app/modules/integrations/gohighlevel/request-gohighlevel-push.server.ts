import { goHighLevelPushRequestedEvent } from '../../../../inngest/events'
import { inngest } from '../../../../inngest/client'
import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import type { GhlPushTrigger } from './gohighlevel-lead-shape'
import { loadLeadForGoHighLevel } from './load-lead-for-gohighlevel.server'

export type GoHighLevelPushView = {
  id: string
  leadId: string
  trigger: GhlPushTrigger
  status: 'pending' | 'succeeded' | 'failed'
  requestedBy: string
  contactId: string | null
  contactCreated: boolean | null
  error: string | null
  attempts: number
  webhookStatus: number | null
  webhookError: string | null
  createdAt: Date
  finishedAt: Date | null
}

/**
 * Queues a push of one lead to GoHighLevel (an operator's button, the API,
 * or a positive reply): checks the organization's connection (configured,
 * enabled, not failing), that the lead is the organization's and has a phone
 * or an email, writes the `gohighlevel_pushes` row with its audit row, and
 * sends the job's event. The job does the HTTP.
 */
export async function requestGoHighLevelPush(options: {
  organizationId: string
  leadId: string
  actor: Actor
  trigger: GhlPushTrigger
  messageId?: string | null
}): Promise<GoHighLevelPushView> {
  const { organizationId, leadId, actor, trigger } = options
  const lead = await loadLeadForGoHighLevel({ organizationId, leadId })
  const settings = await prisma.goHighLevelIntegration.findUnique({ where: { organizationId } })
  if (!settings) {
    throw new AppError('gohighlevel_not_configured', 'GoHighLevel is not connected: an administrator sets it up in Settings › GoHighLevel.', 409)
  }
  if (!settings.enabled) throw new AppError('gohighlevel_disabled', 'Pushing to GoHighLevel is turned off in Settings › GoHighLevel.', 409)
  if (settings.status === 'failing') {
    throw new AppError('gohighlevel_failing', `GoHighLevel refused the last call: ${settings.lastError ?? 'see Settings › GoHighLevel'}`, 409)
  }
  if (!lead.phone && !lead.email) {
    throw new AppError('lead_not_pushable', 'GoHighLevel needs a phone or an email, and this lead has neither.', 422)
  }
  const push = await withAudit({ actor, action: 'gohighlevel.push_requested', target: { type: 'lead', id: leadId } }, async (tx) => {
    const row = await tx.goHighLevelPush.create({
      data: { organizationId, leadId, trigger, messageId: options.messageId ?? null, requestedBy: actor.label },
    })
    return { result: row, summary: { pushId: row.id, trigger, messageId: row.messageId } }
  })
  await inngest.send(goHighLevelPushRequestedEvent(organizationId, push.id))
  return toPushView(push)
}

export function toPushView(row: {
  id: string; leadId: string; trigger: GhlPushTrigger; status: GoHighLevelPushView['status']; requestedBy: string; contactId: string | null
  contactCreated: boolean | null; error: string | null; attempts: number; webhookStatus: number | null; webhookError: string | null
  createdAt: Date; finishedAt: Date | null
}): GoHighLevelPushView {
  return {
    id: row.id,
    leadId: row.leadId,
    trigger: row.trigger,
    status: row.status,
    requestedBy: row.requestedBy,
    contactId: row.contactId,
    contactCreated: row.contactCreated,
    error: row.error,
    attempts: row.attempts,
    webhookStatus: row.webhookStatus,
    webhookError: row.webhookError,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
  }
}
