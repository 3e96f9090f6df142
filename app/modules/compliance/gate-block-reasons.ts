import { CONSENT_BLOCK_REASONS } from './consent-rules'

/** Every reason the send gate blocks a recipient for, with what it tells an operator (no server-only imports: the API declarations use it). */
export const GATE_BLOCK_REASONS = {
  ...CONSENT_BLOCK_REASONS,
  national_dnc_listed: 'The number is on the national Do-Not-Call registry and no consent basis is recorded',
  dnc_check_failed: 'The national Do-Not-Call registry could not be checked, so the message is held (fail closed)',
  cooldown_same_vertical: 'The number was texted for this vertical within its retext cooldown',
  cooldown_cross_vertical: 'The number was texted for another vertical within the cross-vertical cooldown',
  quiet_hours: 'Outside the hours the recipient may be texted, in their local time (federal and state windows)',
  invalid_number: 'The recipient is not an E.164 phone number',
  duplicate_in_batch: 'The same number appears earlier in this batch',
  frequency_cap: 'The number already had the most messages allowed in the last 24 hours (3, across all our numbers)',
  no_sender: 'No sender number of the organization has capacity left today',
  no_phone: 'The lead has no phone number to text',
  ambiguous_reply: 'The number’s last reply may be an opt-out; only one clarifying reply may be sent until they answer',
  not_a_reply: 'A reply goes only to a number that has texted this organization; outreach to others is marketing',
  already_queued: 'A marketing message to this number is already waiting to go',
  awaiting_clarification: 'A clarifying question was already sent after the number’s unclear reply; wait for their answer',
} as const
export type GateBlockReason = keyof typeof GATE_BLOCK_REASONS
