import { describe, expect, it } from 'vitest'
import { MAPPED_TWILIO_ERROR_CODES, twilioErrorAction } from './twilio-error-actions'

describe('twilioErrorAction', () => {
  it.each([
    [21610, 'opt_out', false],
    [21211, 'suppress_number', false],
    [30005, 'suppress_number', false],
    [30006, 'suppress_number', false],
    [30003, 'retry_in_window', true],
    [30007, 'final', false],
    [20429, 'back_off', true],
    [21611, 'back_off', true],
    [30022, 'back_off', true],
    [30023, 'hold_until_daily_reset', true],
    [30027, 'hold_until_daily_reset', true],
    [30034, 'stop_campaign', false],
  ])('%i → %s (retriable: %s), whatever the HTTP status', (code, action, retriable) => {
    for (const httpStatus of [undefined, null, 400, 429, 503]) {
      expect(twilioErrorAction(code, httpStatus)).toMatchObject({ action, retriable })
    }
  })

  it('lists exactly the mapped codes', () => {
    expect([...MAPPED_TWILIO_ERROR_CODES].sort()).toEqual(
      [20429, 21211, 21610, 21611, 30003, 30005, 30006, 30007, 30022, 30023, 30027, 30034].sort(),
    )
  })

  it('asks to pause the sender only for carrier filtering (30007)', () => {
    for (const code of MAPPED_TWILIO_ERROR_CODES) {
      expect(twilioErrorAction(code).pauseSenderAboveThreshold ?? false).toBe(code === 30007)
    }
  })

  it('gives every action a one-line description', () => {
    for (const code of [...MAPPED_TWILIO_ERROR_CODES, 99999, null]) {
      const { description } = twilioErrorAction(code, 500)
      expect(description).toMatch(/^\S.*\.$/)
      expect(description).not.toContain('\n')
    }
  })

  it.each([
    [99999, 500],
    [99999, 503],
    [20500, 500],
    [null, 502],
    [null, 429],
    [21612, 429],
  ])('unmapped code %s with HTTP %i → retry', (code, httpStatus) => {
    expect(twilioErrorAction(code, httpStatus)).toMatchObject({ action: 'retry', retriable: true })
  })

  it.each([
    [99999, 400],
    [21602, 400],
    [20003, 401],
    [30008, undefined],
    [30008, null],
    [null, null],
    [null, undefined],
    [null, 499],
  ])('unmapped code %s with HTTP %s → final', (code, httpStatus) => {
    expect(twilioErrorAction(code, httpStatus)).toMatchObject({ action: 'final', retriable: false })
    expect(twilioErrorAction(code, httpStatus).pauseSenderAboveThreshold).toBeUndefined()
  })

  it('returns a fresh object each time', () => {
    const first = twilioErrorAction(21610)
    first.retriable = true
    expect(twilioErrorAction(21610).retriable).toBe(false)
  })
})
