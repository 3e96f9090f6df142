import { describe, expect, it } from 'vitest'
import { countVariants, longestRendering, MERGE_FIELDS, parseTemplate, renderTemplate, renderVariant } from './template-syntax'

const codes = (body: string) => parseTemplate(body).errors.map((error) => [error.code, error.index])
const first = () => 0

describe('MERGE_FIELDS', () => {
  it('lists the nine fields with their labels and samples', () => {
    expect(MERGE_FIELDS.map((field) => [field.key, field.label, field.sample])).toEqual([
      ['first_name', 'First name', 'Dana'],
      ['last_name', 'Last name', 'Reyes'],
      ['full_name', 'Full name', 'Dana Reyes'],
      ['property_address', 'Property address', '12 Oak St'],
      ['property_city', 'City', 'Austin'],
      ['property_state', 'State', 'TX'],
      ['property_zip', 'ZIP', '78701'],
      ['sender_name', 'Sender name', 'Sam'],
      ['company_name', 'Company name', 'Lone Star Homes'],
    ])
  })
})

describe('parseTemplate', () => {
  it('splits a body into text, fields with and without fallbacks, and spin groups', () => {
    expect(parseTemplate('{Hi|Hello} {first_name|there}, is {property_address} yours? {sender_name}')).toEqual({
      parts: [
        { kind: 'spin', options: ['Hi', 'Hello'] },
        { kind: 'text', text: ' ' },
        { kind: 'field', key: 'first_name', fallback: 'there' },
        { kind: 'text', text: ', is ' },
        { kind: 'field', key: 'property_address', fallback: null },
        { kind: 'text', text: ' yours? ' },
        { kind: 'field', key: 'sender_name', fallback: null },
      ],
      errors: [],
    })
  })

  it('reads plain text, and an empty body, as text only', () => {
    expect(parseTemplate('Reply STOP to opt out')).toEqual({ parts: [{ kind: 'text', text: 'Reply STOP to opt out' }], errors: [] })
    expect(parseTemplate('')).toEqual({ parts: [], errors: [] })
  })

  it('makes a field only of a known key written exactly, before the first pipe', () => {
    expect(parseTemplate('{first_name|a|b}').parts).toEqual([{ kind: 'field', key: 'first_name', fallback: 'a|b' }])
    expect(parseTemplate('{first_name|}').parts).toEqual([{ kind: 'field', key: 'first_name', fallback: '' }])
    expect(parseTemplate('{Hi|first_name}').parts).toEqual([{ kind: 'spin', options: ['Hi', 'first_name'] }])
    expect(parseTemplate('{ first_name |there}').parts).toEqual([{ kind: 'spin', options: [' first_name ', 'there'] }])
  })

  it('keeps spaces in spin options as written', () => {
    expect(parseTemplate('{Hi | Hello}').parts).toEqual([{ kind: 'spin', options: ['Hi ', ' Hello'] }])
  })

  it('reports an unknown field, naming it and the known ones, and keeps it as text', () => {
    const { parts, errors } = parseTemplate('Hi {frist_name}!')
    expect(parts).toEqual([{ kind: 'text', text: 'Hi {frist_name}!' }])
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ code: 'unknown_field', index: 3 })
    expect(errors[0]!.message).toContain('{frist_name}')
    for (const field of MERGE_FIELDS) expect(errors[0]!.message).toContain(field.key)
  })

  it('suggests the field a wrongly cased or padded name means', () => {
    expect(parseTemplate('{First_Name}').errors[0]!.message).toContain('Did you mean {first_name}?')
    expect(parseTemplate('{ city }').errors[0]!.message).not.toContain('Did you mean')
  })

  it('reports empty braces and empty spin options at their "{"', () => {
    expect(codes('a {} b')).toEqual([['empty_group', 2]])
    expect(codes('{Hi||Hey}')).toEqual([['empty_option', 0]])
    expect(codes('x {Hi|}')).toEqual([['empty_option', 2]])
    expect(codes('{|Hi}')).toEqual([['empty_option', 0]])
    expect(parseTemplate('x {Hi|}').parts).toEqual([{ kind: 'text', text: 'x {Hi|}' }])
  })

  it('reports a brace inside a group at the inner "{", keeping the whole group as text', () => {
    const { parts, errors } = parseTemplate('{Hi {first_name}|Hello} there')
    expect(errors.map((error) => [error.code, error.index])).toEqual([['nested_braces', 4]])
    expect(parts).toEqual([{ kind: 'text', text: '{Hi {first_name}|Hello} there' }])
    expect(codes('{a {b} {c}} {d {e}}')).toEqual([
      ['nested_braces', 3],
      ['nested_braces', 15],
    ])
  })

  it('reports each unmatched brace where it is, and parses the groups around it', () => {
    expect(codes('Hi {first_name')).toEqual([['unbalanced_braces', 3]])
    expect(codes('Hi first_name}')).toEqual([['unbalanced_braces', 13]])
    expect(codes('}{')).toEqual([
      ['unbalanced_braces', 0],
      ['unbalanced_braces', 1],
    ])
    const { parts, errors } = parseTemplate('{Hi {first_name}, ok')
    expect(errors.map((error) => [error.code, error.index])).toEqual([['unbalanced_braces', 0]])
    expect(parts).toEqual([
      { kind: 'text', text: '{Hi ' },
      { kind: 'field', key: 'first_name', fallback: null },
      { kind: 'text', text: ', ok' },
    ])
  })

  it('orders errors by where they are, and says what to do in plain words', () => {
    const { errors } = parseTemplate('{nope} {A||B} } {}')
    expect(errors.map((error) => [error.code, error.index])).toEqual([
      ['unknown_field', 0],
      ['empty_option', 7],
      ['unbalanced_braces', 14],
      ['empty_group', 16],
    ])
    expect(parseTemplate('Hi {first_name').errors[0]!.message).toMatch(/never closed.*"\{first_name"/)
    expect(parseTemplate('Hi first_name}').errors[0]!.message).toMatch(/closes nothing/)
  })
})

describe('countVariants', () => {
  it('multiplies the option counts of the spin groups', () => {
    expect(countVariants('Hello')).toBe(1)
    expect(countVariants('{first_name|there}')).toBe(1)
    expect(countVariants('{Hi|Hello|Hey} {first_name}')).toBe(3)
    expect(countVariants('{Hi|Hello|Hey} {first_name}, {ok|sure}')).toBe(6)
  })

  it('does not count a group with a syntax error', () => {
    expect(countVariants('{Hi|Hello} {A||B}')).toBe(2)
  })
})

describe('renderTemplate', () => {
  it('fills fields with trimmed values and uses the chosen options', () => {
    const choices: [number, number][] = []
    const rendering = renderTemplate('{Hi|Hello} {first_name}, {ok|sure|fine}?', { first_name: '  Dana ' }, (count, group) => {
      choices.push([count, group])
      return count - 1
    })
    expect(rendering).toEqual({ text: 'Hello Dana, fine?', missing: [] })
    expect(choices).toEqual([
      [2, 0],
      [3, 1],
    ])
  })

  it('uses the fallback for a missing or blank value, else nothing, listing each missing key once', () => {
    expect(renderTemplate('Hi {first_name|there}', { first_name: '  ' }).text).toBe('Hi there')
    expect(renderTemplate('Hi {first_name|there}', { first_name: null }).text).toBe('Hi there')
    expect(renderTemplate('Hi {first_name|there}', {}).missing).toEqual([])
    expect(renderTemplate('{first_name} {last_name} {first_name}, {property_city}', { last_name: 'Reyes', property_city: undefined })).toEqual({
      text: 'Reyes ,',
      missing: ['first_name', 'property_city'],
    })
  })

  it('takes an explicitly empty fallback as an answer, not as missing', () => {
    expect(renderTemplate('Hi {first_name|}, welcome', {})).toEqual({ text: 'Hi , welcome', missing: [] })
  })

  it('collapses the double spaces a blank leaves and trims the ends', () => {
    expect(renderTemplate('Hi {first_name} there', {}).text).toBe('Hi there')
    expect(renderTemplate('{first_name} is {property_address} yours? ', {}).text).toBe('is yours?')
    expect(renderTemplate('{Hi | Hello} you', {}, () => 0).text).toBe('Hi you')
  })

  it('picks an option uniformly at random by default', () => {
    const seen = new Map<string, number>()
    for (let i = 0; i < 600; i++) {
      const { text } = renderTemplate('{a|b|c}', {})
      seen.set(text, (seen.get(text) ?? 0) + 1)
    }
    expect([...seen.keys()].sort()).toEqual(['a', 'b', 'c'])
    for (const count of seen.values()) expect(count).toBeGreaterThan(120)
  })

  it('refuses a choice that is not an option', () => {
    expect(() => renderTemplate('{a|b}', {}, () => 2)).toThrow(RangeError)
    expect(() => renderTemplate('{a|b}', {}, () => -1)).toThrow(RangeError)
    expect(() => renderTemplate('{a|b}', {}, () => 0.5)).toThrow(RangeError)
  })

  it('renders a group with a syntax error as it is written', () => {
    expect(renderTemplate('Hi {frist_name}', { first_name: 'Dana' }, first).text).toBe('Hi {frist_name}')
  })
})

describe('renderVariant', () => {
  const body = '{A|B} {x|y|z}'

  it('numbers the variants in mixed radix, the first group most significant', () => {
    const texts = Array.from({ length: countVariants(body) }, (_, variant) => renderVariant(body, {}, variant).text)
    expect(texts).toEqual(['A x', 'A y', 'A z', 'B x', 'B y', 'B z'])
  })

  it('fills fields like renderTemplate', () => {
    expect(renderVariant('{Hi|Hey} {first_name|there}', { first_name: 'Dana' }, 1)).toEqual({ text: 'Hey Dana', missing: [] })
    expect(renderVariant('Hi {first_name}', {}, 0)).toEqual({ text: 'Hi', missing: ['first_name'] })
  })

  it('refuses a number that is not a variant', () => {
    expect(() => renderVariant(body, {}, 6)).toThrow(RangeError)
    expect(() => renderVariant(body, {}, -1)).toThrow(RangeError)
    expect(() => renderVariant(body, {}, 1.5)).toThrow(RangeError)
    expect(() => renderVariant('no spin', {}, 1)).toThrow(RangeError)
  })
})

describe('longestRendering', () => {
  it('takes the longest option of every group, the first of equal ones', () => {
    expect(longestRendering('{Hi|Hello|Hey} {first_name}, {ab|cd}', { first_name: 'Dana' })).toEqual({ text: 'Hello Dana, ab', missing: [] })
  })

  it('reports missing fields too', () => {
    expect(longestRendering('{Hi|Hello} {first_name}', {})).toEqual({ text: 'Hello', missing: ['first_name'] })
  })
})
