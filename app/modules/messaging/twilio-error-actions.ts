export type TwilioErrorAction = {
  action:
    | 'opt_out'
    | 'suppress_number'
    | 'retry_in_window'
    | 'final'
    | 'back_off'
    | 'hold_until_daily_reset'
    | 'stop_campaign'
    | 'retry'
  /** The same send may succeed later; `action` says when. */
  retriable: boolean
  /** Count it against the sender, which is paused once such failures pass the threshold. */
  pauseSenderAboveThreshold?: boolean
  /** One line for operators. */
  description: string
}

const ACTIONS: Record<number, TwilioErrorAction> = {
  21610: {
    action: 'opt_out',
    retriable: false,
    description: 'The recipient replied STOP to this sender at the carrier; recorded as an opt-out.',
  },
  21211: {
    action: 'suppress_number',
    retriable: false,
    description: 'Invalid destination number; the number is suppressed.',
  },
  30005: {
    action: 'suppress_number',
    retriable: false,
    description: 'Unknown destination handset (number does not exist or is inactive); the number is suppressed.',
  },
  30006: {
    action: 'suppress_number',
    retriable: false,
    description: 'Landline or unreachable carrier; the number is suppressed.',
  },
  21611: {
    action: 'back_off',
    retriable: true,
    description: 'The sending number’s queue at Twilio is full; sending waits and tries again.',
  },
  30003: {
    action: 'retry_in_window',
    retriable: true,
    description:
      'Handset unreachable (off or out of coverage); retried a few times within the recipient’s sending window.',
  },
  30007: {
    action: 'final',
    retriable: false,
    pauseSenderAboveThreshold: true,
    description: 'Filtered by the carrier; the sender is paused if filtering passes the threshold.',
  },
  20429: {
    action: 'back_off',
    retriable: true,
    description: 'Too many requests to Twilio; sending backs off and retries.',
  },
  30022: {
    action: 'back_off',
    retriable: true,
    description: 'A2P 10DLC throughput limit exceeded; sending backs off and retries.',
  },
  30023: {
    action: 'hold_until_daily_reset',
    retriable: true,
    description: 'A2P 10DLC daily message cap reached; held until the carrier’s daily reset.',
  },
  30027: {
    action: 'hold_until_daily_reset',
    retriable: true,
    description: 'T-Mobile daily message limit reached for this brand; held until the daily reset.',
  },
  30034: {
    action: 'stop_campaign',
    retriable: false,
    description: 'Sender not registered to an approved A2P 10DLC campaign; the campaign is stopped.',
  },
}

export const MAPPED_TWILIO_ERROR_CODES: readonly number[] = Object.keys(ACTIONS).map(Number)

/** What to do about a failed send or an error code in a status callback. */
export function twilioErrorAction(code: number | null, httpStatus?: number | null): TwilioErrorAction {
  const mapped = code === null ? undefined : ACTIONS[code]
  if (mapped) return { ...mapped }
  if (httpStatus != null && (httpStatus >= 500 || httpStatus === 429)) {
    return { action: 'retry', retriable: true, description: 'Twilio failed or was busy (HTTP 5xx or 429); retried.' }
  }
  return { action: 'final', retriable: false, description: 'Failed for good; not retried.' }
}
