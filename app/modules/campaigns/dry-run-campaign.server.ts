import { dryRunAudience, type AudienceDryRun, type DryRunReason } from '~/modules/leads/dry-run-audience.server'
import { leadFilter } from '~/modules/leads/lead-filter'
import { senderCandidates } from '~/modules/messaging/queue-sends.server'
import { sendClockNow } from '~/modules/messaging/send-clock.server'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { sendingWindows } from './campaign-schedule'
import { campaignSenderPool } from './campaign-sender-pool'
import { effectiveSchedule } from './effective-schedule.server'

/**
 * A campaign's pre-launch dry run: who of its audience as it stands now
 * would be sent and who blocked, by reason (dryRunAudience: the same
 * decisions a launch makes, nothing written, the registry not asked), with
 * quiet hours now and at its first sending window, and those its sender
 * pool has no capacity for today (`no_sender`).
 */
export async function dryRunCampaign(options: {
  organizationId: string
  campaignId: string
  now?: Date
  onRecipient?: (leadId: string, reason: DryRunReason | null) => void
}): Promise<AudienceDryRun & { firstWindowAt: string | null }> {
  const campaign = await prisma.campaign.findFirst({ where: { id: options.campaignId, organizationId: options.organizationId }, include: { crusade: true } })
  if (!campaign) throw new AppError('campaign_not_found', 'No such campaign in the organization.', 404)
  const filter = leadFilter.safeParse(campaign.filter)
  if (!filter.success) throw new AppError('campaign_not_ready', 'Its audience filter no longer parses; choose the saved filter again.', 422)
  const now = options.now ?? sendClockNow()
  const first = sendingWindows(effectiveSchedule(campaign), now).next()
  const firstWindowAt = first.done ? null : new Date(first.value.start)
  const available = await senderCandidates(options.organizationId, now)
  // A sandbox organization gets its simulated numbers at its first send: before it, there is no pool to count against.
  const organization = await prisma.organization.findUniqueOrThrow({ where: { id: options.organizationId }, select: { environment: true } })
  const poolToCome = organization.environment === 'sandbox' && available.candidates.length === 0
  const result = await dryRunAudience({
    organizationId: options.organizationId,
    filter: filter.data,
    at: now,
    scheduledAt: firstWindowAt,
    ...(poolToCome ? {} : { senders: { candidates: campaignSenderPool(campaign, available.candidates), accountRemaining: available.accountRemaining } }),
    ...(options.onRecipient ? { onRecipient: options.onRecipient } : {}),
  })
  return { ...result, firstWindowAt: firstWindowAt?.toISOString() ?? null }
}
