import { describe, expect, it } from 'vitest'
import { resolveEmail } from './email'
import { resolvePhone } from './phone'

describe('resolvePhone', () => {
  it('reads the formats vendors write as one E.164 number', () => {
    for (const raw of ['(512) 867-5309', '512.867.5309', '512-867-5309', '5128675309', '1-512-867-5309', '+1 512 867 5309', '512-867-5309 x22', '512 867 5309 ext. 4']) {
      expect(resolvePhone(raw), raw).toEqual({ ok: true, e164: '+15128675309' })
    }
    expect(resolvePhone('+44 20 7946 0958')).toEqual({ ok: true, e164: '+442079460958' })
  })

  it('reports invalid numbers with a reason instead of dropping them', () => {
    expect(resolvePhone('555-1234')).toMatchObject({ ok: false })
    expect(resolvePhone('123')).toMatchObject({ ok: false })
    expect(resolvePhone('+1 123 456 7890')).toMatchObject({ ok: false, message: 'Not a valid phone number' })
    expect(resolvePhone('n/a')).toMatchObject({ ok: false, message: 'No digits in the phone number' })
    expect(resolvePhone('5.12867E+09')).toMatchObject({ ok: false, message: expect.stringContaining('scientific notation') })
  })

  it('treats an empty cell as no number', () => {
    expect(resolvePhone('')).toBeNull()
    expect(resolvePhone('   ')).toBeNull()
    expect(resolvePhone(null)).toBeNull()
  })
})

describe('resolveEmail', () => {
  it('trims, lower-cases and checks the shape', () => {
    expect(resolveEmail('  Dana.ONeil@Example.COM ')).toEqual({ ok: true, address: 'dana.oneil@example.com' })
    expect(resolveEmail('mailto:a@b.co')).toEqual({ ok: true, address: 'a@b.co' })
    for (const raw of ['not-an-email', 'a@b', 'a@@b.com', 'a..b@c.com', 'a b@c.com']) expect(resolveEmail(raw), raw).toMatchObject({ ok: false })
    expect(resolveEmail('')).toBeNull()
  })
})
