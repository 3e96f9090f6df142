import type { TwilioErrorAction } from './twilio-error-actions'

/** Tries of one message, the first included, for errors that may clear within the recipient's window (30003). */
export const MAX_CARRIER_ATTEMPTS = 3

/** Tries of a message a carrier capped for the day (30023, 30027): each one waits for a reset, and each is paid for. */
export const MAX_DAILY_RESET_ATTEMPTS = 3

/**
 * When a message the carrier refused (at the call) or could not deliver (in
 * a status callback) may be tried again, or null when it is final: back-off
 * codes double their wait up to 5 tries; an unreachable handset waits 15
 * minutes, up to MAX_CARRIER_ATTEMPTS tries (the gate is asked again when it
 * is claimed, quiet hours included, so a retry never leaves the window); a
 * carrier's daily cap holds it until the next reset (00:00 UTC), three tries
 * in all.
 */
export function carrierRetryTime(action: TwilioErrorAction['action'], attempts: number, now = Date.now()): Date | null {
  switch (action) {
    case 'back_off':
    case 'retry':
      return attempts < 5 ? new Date(now + 2 ** attempts * 1000) : null
    case 'retry_in_window':
      return attempts < MAX_CARRIER_ATTEMPTS ? new Date(now + 15 * 60_000) : null
    case 'hold_until_daily_reset': {
      if (attempts >= MAX_DAILY_RESET_ATTEMPTS) return null
      const midnight = new Date(now)
      midnight.setUTCHours(24, 0, 0, 0)
      return midnight
    }
    default:
      return null
  }
}
