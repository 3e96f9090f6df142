import { GATE_BLOCK_REASONS } from '~/modules/compliance/gate-block-reasons'

/** Why a queued message was canceled after the gate let it through (cancelQueuedSends' reasons). */
export const CANCEL_REASONS = {
  opted_out: 'The number opted out after the message was queued',
  number_suppressed: 'The carrier reported the number unreachable or invalid; what was queued to it was canceled',
  ambiguous_reply: 'The recipient’s reply may be an opt-out; what was queued to them was canceled until someone clarifies',
  campaign_stopped_by_carrier: 'The carrier stopped this batch (unregistered or blocked); what was still queued was canceled',
  campaign_cancelled: 'The campaign was cancelled before the message went',
  schedule_ended: 'The campaign’s end date came before the message’s turn',
  missing_merge_field: 'A merge field of the template has no value for this lead and no fallback',
} as const
export type CancelReason = keyof typeof CANCEL_REASONS

/** What a send's block or cancel reason tells an operator; an unknown reason as itself. */
export function sendStopMessage(reason: string): string {
  return (GATE_BLOCK_REASONS as Record<string, string>)[reason] ?? (CANCEL_REASONS as Record<string, string>)[reason] ?? reason
}
