import { getEnv } from '~/utils/env.server'

/** The send path's clock: now, shifted by SEND_CLOCK_OFFSET_MS outside production (end-to-end tests pick the recipients' hour). */
export function sendClockNow(): Date {
  return new Date(Date.now() + getEnv().SEND_CLOCK_OFFSET_MS)
}

/** An instant of the send clock as the database's clock has it (`not_before` is compared with its now()). */
export function sendClockToDb(at: Date): Date {
  return new Date(at.getTime() - getEnv().SEND_CLOCK_OFFSET_MS)
}
