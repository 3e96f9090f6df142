/**
 * At most `limit` messages to one recipient in any rolling 24 hours, across
 * every number of the organization (queued ones count: they are about to go).
 */
export const DEFAULT_MESSAGES_PER_DAY = 3

export function frequencyRule(options: { sentInLastDay: number; alreadyInBatch: number; limit?: number }) {
  const limit = Math.max(0, Math.min(options.limit ?? DEFAULT_MESSAGES_PER_DAY, DEFAULT_MESSAGES_PER_DAY))
  return options.sentInLastDay + options.alreadyInBatch >= limit ? { reason: 'frequency_cap' as const, limit } : null
}
