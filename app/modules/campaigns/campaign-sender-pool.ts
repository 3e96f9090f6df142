import type { SenderCandidate } from '~/modules/messaging/choose-senders'

/** A campaign's sender pool among the organization's numbers that may send: its numbers and its accounts' numbers, or all when it names none. */
export function campaignSenderPool(campaign: { senderNumberIds: readonly string[]; carrierAccountIds: readonly string[] }, candidates: readonly SenderCandidate[]): SenderCandidate[] {
  if (!campaign.senderNumberIds.length && !campaign.carrierAccountIds.length) return [...candidates]
  return candidates.filter((c) => campaign.senderNumberIds.includes(c.id) || campaign.carrierAccountIds.includes(c.accountId))
}
