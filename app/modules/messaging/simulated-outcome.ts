/**
 * What the simulated carrier does with a message to a number: decided by the
 * number alone, so a test (or an operator trying the sandbox) knows what will
 * happen. The shares are of all numbers, by a hash of the number.
 */
export type SimulatedOutcome =
  | { kind: 'delivered' }
  | { kind: 'delivered_then_reply'; reply: string }
  | { kind: 'undelivered'; errorCode: number }

export type SimulatedCarrierRules = {
  /** Share of numbers that answer STOP after delivery. */
  stopShare: number
  /** Share that answer with free text. */
  replyShare: number
  /** Share that cannot be reached (30006, landline or unreachable). */
  failShare: number
}

export const DEFAULT_SIMULATED_RULES: SimulatedCarrierRules = { stopShare: 0.1, replyShare: 0.1, failShare: 0.05 }

const REPLIES = ['Yes, I might sell. Call me.', 'How much would you offer?', 'Who is this?', 'Not right now, maybe next year.']

/** A stable bucket in [0, 1000) for a number (FNV-1a). */
export function simulatedBucket(e164: string): number {
  let hash = 0x811c9dc5
  for (const char of e164) {
    hash ^= char.charCodeAt(0)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash % 1000
}

export function simulatedOutcome(to: string, rules: SimulatedCarrierRules = DEFAULT_SIMULATED_RULES): SimulatedOutcome {
  const bucket = simulatedBucket(to) / 1000
  if (bucket < rules.stopShare) return { kind: 'delivered_then_reply', reply: 'STOP' }
  if (bucket < rules.stopShare + rules.failShare) return { kind: 'undelivered', errorCode: 30006 }
  if (bucket < rules.stopShare + rules.failShare + rules.replyShare) {
    return { kind: 'delivered_then_reply', reply: REPLIES[simulatedBucket(`${to}#reply`) % REPLIES.length]! }
  }
  return { kind: 'delivered' }
}
