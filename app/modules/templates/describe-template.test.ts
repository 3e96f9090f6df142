import { describe, expect, it } from 'vitest'
import { describeTemplate } from './describe-template'

const FIRST = { firstContact: true, organizationName: 'Lone Star Homes' }

describe('describeTemplate', () => {
  it('counts the variants and measures the costliest one with sample values', () => {
    const facts = describeTemplate('{Hi|Hello} {first_name|there}, this is {sender_name} with {company_name}. Reply STOP to opt out.', FIRST)
    expect(facts.variants).toBe(2)
    expect(facts.longest).toMatchObject({ text: 'Hello Dana, this is Sam with Lone Star Homes. Reply STOP to opt out.', encoding: 'GSM-7', segments: 1 })
    expect(facts.lint).toEqual([])
  })

  it('finds the costlier variant when a shorter option forces UCS-2', () => {
    const plain = 'a'.repeat(150)
    const facts = describeTemplate(`${plain} {Thanks so much!|It’s me}`, { firstContact: false })
    // 150 + 16 GSM-7 characters are 2 segments; 150 + 8 with a curly apostrophe are 158 UCS-2 units: 3 segments.
    expect(facts.longest).toMatchObject({ encoding: 'UCS-2', segments: 3 })
    expect(facts.longest.text.endsWith('It’s me')).toBe(true)
  })

  it('counts an MMS as one message whatever its length and characters, and keeps the lint of what it says', () => {
    const body = `Hi {first_name}, it’s me. ${'Come see the open house this weekend. '.repeat(8)}`
    const sms = describeTemplate(body, FIRST)
    expect(sms).toMatchObject({ kind: 'sms', longest: { encoding: 'UCS-2' } })
    expect(sms.longest.segments).toBeGreaterThan(3)
    expect(sms.lint.map((i) => i.code)).toEqual(expect.arrayContaining(['forces_ucs2', 'too_long', 'no_opt_out_language']))
    const mms = describeTemplate(body, { ...FIRST, mms: true })
    expect(mms).toMatchObject({ kind: 'mms', variants: 1, longest: { segments: 1, characters: sms.longest.characters } })
    expect(mms.lint.map((i) => i.code)).toEqual(['no_opt_out_language', 'no_sender_identification'])
  })
})

