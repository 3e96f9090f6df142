import { describe, expect, it } from 'vitest'
import { carrierRetryTime, MAX_CARRIER_ATTEMPTS } from './carrier-retry-time'
import { twilioErrorAction } from './twilio-error-actions'

const now = Date.UTC(2026, 10, 30, 22, 15)
const retry = (code: number, attempts: number) => carrierRetryTime(twilioErrorAction(code).action, attempts, now)

describe('carrierRetryTime', () => {
  it('tries an unreachable handset (30003) again after 15 minutes, three tries in all', () => {
    expect(retry(30003, 1)).toEqual(new Date(now + 15 * 60_000))
    expect(retry(30003, MAX_CARRIER_ATTEMPTS - 1)).toEqual(new Date(now + 15 * 60_000))
    expect(retry(30003, MAX_CARRIER_ATTEMPTS)).toBeNull()
  })

  it('backs off from a rate limit (20429, 30022) twice as long each try, five tries in all', () => {
    expect(retry(20429, 1)).toEqual(new Date(now + 2_000))
    expect(retry(30022, 3)).toEqual(new Date(now + 8_000))
    expect(retry(30022, 5)).toBeNull()
  })

  it('holds a message a carrier capped for the day (30023, 30027) until the next 00:00 UTC, three tries in all', () => {
    expect(retry(30023, 1)).toEqual(new Date(Date.UTC(2026, 11, 1)))
    expect(retry(30027, 2)).toEqual(new Date(Date.UTC(2026, 11, 1)))
    expect(retry(30027, 3)).toBeNull()
  })

  it('never retries what is final: an opt-out, a landline, carrier filtering, an unknown code', () => {
    for (const code of [21610, 30006, 30007, 30034, 99999]) expect(retry(code, 1)).toBeNull()
  })
})
