import type { Campaign, Crusade } from '~/generated/prisma/client.ts'
import type { CampaignSchedule } from './campaign-schedule'

/**
 * The schedule and throttle a campaign sends on: its crusade's days, window,
 * zone and throttle budget when it is in one (the crusade's campaigns share
 * them), its own otherwise; the start and end dates are always its own.
 */
export function effectiveSchedule(campaign: Campaign & { crusade: Crusade | null }): CampaignSchedule & { throttlePerMinute: number } {
  const source = campaign.crusade ?? campaign
  return {
    days: source.days,
    windowStart: source.windowStart,
    windowEnd: source.windowEnd,
    timeZone: source.timeZone,
    throttlePerMinute: source.throttlePerMinute,
    startsAt: campaign.startsAt,
    endsAt: campaign.endsAt,
  }
}
