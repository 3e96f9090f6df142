import { describe, expect, it } from 'vitest'
import { LINT_MESSAGES, LINT_SEVERITIES, lintTemplate, URL_SHORTENERS } from './lint-template'

const FIRST = { firstContact: true }
const FOLLOW_UP = { firstContact: false }
const GOOD = 'Hi {first_name|there}, {sender_name} here. Is {property_address} for sale? Reply STOP to opt out.'

const codesOf = (body: string, options: { firstContact: boolean; organizationName?: string | null } = FIRST) => lintTemplate(body, options).map((issue) => issue.code)

describe('lintTemplate', () => {
  it('passes a first message that identifies the sender and says how to opt out', () => {
    expect(lintTemplate(GOOD, FIRST)).toEqual([])
  })

  it('documents every code and its severity', () => {
    expect(Object.keys(LINT_MESSAGES).sort()).toEqual(['forces_ucs2', 'no_opt_out_language', 'no_sender_identification', 'syntax', 'too_long', 'url_shortener'])
    expect(Object.keys(LINT_SEVERITIES).sort()).toEqual(Object.keys(LINT_MESSAGES).sort())
    for (const meaning of Object.values(LINT_MESSAGES)) expect(meaning.length).toBeGreaterThan(20)
  })

  describe('syntax', () => {
    it('reports each syntax error as an error, with its message as the detail', () => {
      const issues = lintTemplate('Hi {frist_name} {A||B} Reply STOP {sender_name}', FIRST)
      expect(issues.map((issue) => [issue.code, issue.severity])).toEqual([
        ['syntax', 'error'],
        ['syntax', 'error'],
      ])
      expect(issues[0]!.detail).toContain('{frist_name}')
      expect(issues[1]!.detail).toContain('{A||B}')
    })
  })

  describe('no_opt_out_language', () => {
    it('asks a first message for a way to opt out', () => {
      const issues = lintTemplate('Hi {first_name}, {sender_name} here. Still own the house?', FIRST)
      expect(issues).toEqual([{ code: 'no_opt_out_language', severity: 'error', message: expect.stringContaining('opt out') }])
    })

    it('does not ask it of a follow-up', () => {
      expect(codesOf('Thanks, talk soon!', FOLLOW_UP)).toEqual([])
    })

    it.each([
      'Reply STOP to end',
      'reply stop to end',
      'Text Stop.',
      'Reply to opt out',
      'Reply to OPT-OUT',
      'Reply OPTOUT',
      'Text UNSUBSCRIBE',
      'Responda ALTO para no recibir mensajes',
      'Responda PARE',
    ])('accepts %j', (line) => {
      expect(codesOf(`{sender_name} here. ${line}`)).toEqual([])
    })

    const notOptOut = [
      'Reply STOPS',
      'Call the bus stopper',
      'Nonstop offers',
      'Reply ALTOS',
      'opt outside',
      'unsubscribed',
      'Homes in Palo Alto are selling fast',
      'We will stop by on Tuesday',
      'Non-stop offers',
      'STOP by our open house',
    ]
    it.each(notOptOut)('does not take %j as opt-out language', (line) => {
      expect(codesOf(`{sender_name} here. ${line}`)).toContain('no_opt_out_language')
    })

    it('wants it in every variant of the spintax', () => {
      expect(codesOf('{sender_name} here. {Reply STOP to opt out|Thanks}')).toContain('no_opt_out_language')
      expect(codesOf('{sender_name} here. {Reply STOP to opt out|Text STOP to end}')).toEqual([])
      expect(codesOf('{sender_name} here. {Reply|Text} {STOP|UNSUBSCRIBE} to end')).toEqual([])
    })

    it('reads each variant whole when there are at most 256, even a word split across groups', () => {
      expect(codesOf('{sender_name} here. Reply {ST|St}{OP|op} to end')).toEqual([])
      expect(codesOf('{sender_name} here. Reply {ST|St}{OP|ay} to end')).toContain('no_opt_out_language')
    })

    it('does not count a fallback or a field as saying it', () => {
      expect(codesOf('{sender_name} here, {first_name|STOP}')).toContain('no_opt_out_language')
    })

    it('with more than 256 variants, wants it outside the spin groups or in every option of one group', () => {
      const spin = Array.from({ length: 5 }, (_, i) => `{a${i}|b${i}|c${i}|d${i}}`).join(' ') // 4^5 = 1024 variants
      expect(codesOf(`{sender_name} ${spin} Reply STOP to end`)).toEqual([])
      expect(codesOf(`{sender_name} ${spin} {Reply STOP|Text STOP} to end`)).toEqual([])
      expect(codesOf(`{sender_name} ${spin} {Reply STOP|Hi} to end`)).toContain('no_opt_out_language')
      expect(codesOf(`{sender_name} ${spin}`)).toContain('no_opt_out_language')
      expect(codesOf(`{sender_name} ${spin} Reply {ST|St}{OP|op} to end`)).toContain('no_opt_out_language')
    })
  })

  describe('no_sender_identification', () => {
    it('warns when a first message does not say who is texting', () => {
      expect(lintTemplate('Is {property_address} for sale? Reply STOP to opt out', FIRST)).toEqual([
        { code: 'no_sender_identification', severity: 'warning', message: expect.stringContaining('{sender_name}') },
      ])
    })

    it('accepts the sender or company field, or the organization’s name in any case', () => {
      expect(codesOf('{company_name}: is it for sale? Reply STOP to opt out')).toEqual([])
      expect(codesOf('This is LONE STAR homes. Reply STOP to opt out', { firstContact: true, organizationName: 'Lone Star Homes' })).toEqual([])
      expect(codesOf('This is Lone Star. Reply STOP to opt out', { firstContact: true, organizationName: 'Lone Star Homes' })).toEqual(['no_sender_identification'])
    })

    it('wants the organization’s name in every variant', () => {
      const options = { firstContact: true, organizationName: 'Acme' }
      expect(codesOf('{Acme here|Hi}. Reply STOP to opt out', options)).toEqual(['no_sender_identification'])
      expect(codesOf('{Acme here|Hi from Acme}. Reply STOP to opt out', options)).toEqual([])
    })

    it('ignores a blank organization name, and follow-ups', () => {
      expect(codesOf('Reply STOP to opt out', { firstContact: true, organizationName: '  ' })).toEqual(['no_sender_identification'])
      expect(codesOf('Reply STOP to opt out', { firstContact: true, organizationName: null })).toEqual(['no_sender_identification'])
      expect(codesOf('Sounds good', FOLLOW_UP)).toEqual([])
    })
  })

  describe('url_shortener', () => {
    it.each(['bit.ly/3xYz', 'https://bit.ly/3xYz', 'http://www.tinyurl.com/abc', 'HTTPS://T.CO/abc', 'see rb.gy/x.', '(lnkd.in/abc)', 'go to s.id'])(
      'flags %j, naming the domain',
      (link) => {
        const issues = lintTemplate(`Look: ${link}`, FOLLOW_UP)
        expect(issues).toEqual([{ code: 'url_shortener', severity: 'error', message: expect.any(String), detail: expect.stringMatching(/^[a-z.]+$/) }])
        expect(link.toLowerCase()).toContain(issues[0]!.detail)
      },
    )

    it('knows every listed shortener, in a spin option too', () => {
      for (const domain of URL_SHORTENERS) expect(lintTemplate(`{See|Visit} {${domain}/x|our site}`, FOLLOW_UP)).toMatchObject([{ detail: domain }])
    })

    const notShortened = ['https://lonestarhomes.com/t.co', 'mail me@bit.ly', 'me@bit.ly.example', 'at.com', 'https://t.com/x', 'tinyurl.company', 'abit.ly', 'bit.lyrics']
    it.each(notShortened)('leaves %j alone', (text) => {
      expect(codesOf(text, FOLLOW_UP)).toEqual([])
    })

    it('reports each domain once', () => {
      expect(lintTemplate('bit.ly/a bit.ly/b tinyurl.com/c', FOLLOW_UP).map((issue) => issue.detail)).toEqual(['bit.ly', 'tinyurl.com'])
    })
  })

  describe('forces_ucs2', () => {
    it('warns about characters outside GSM-7, naming the common ones', () => {
      const issues = lintTemplate('It’s “great” – really — wait… 😀 ok', FOLLOW_UP)
      expect(issues).toEqual([{ code: 'forces_ucs2', severity: 'warning', message: expect.stringMatching(/halves/), detail: expect.any(String) }])
      expect(issues[0]!.detail).toBe(
        '’ (curly apostrophe), “ (curly opening double quote), ” (curly closing double quote), – (en dash), — (em dash), … (ellipsis), 😀 (emoji)',
      )
    })

    it('names invisible characters by code point, and others as they are', () => {
      expect(lintTemplate('a\u200bb ç 🇺🇸 ‘x', FOLLOW_UP)[0]!.detail).toBe('U+200B, ç, 🇺🇸 (emoji), ‘ (curly opening quote)')
      expect(lintTemplate('a\u00a0b', FOLLOW_UP)[0]!.detail).toBe('\u00a0 (non-breaking space)')
    })

    it('finds them in any spin option or fallback, not only the longest', () => {
      expect(lintTemplate('{Hi|Hello there} {first_name|amigo’}', FOLLOW_UP)[0]).toMatchObject({ code: 'forces_ucs2', detail: '’ (curly apostrophe)' })
    })

    it('leaves GSM-7 text alone, extension characters included', () => {
      expect(codesOf('Price: €100 [firm] ~ é ñ ü', FOLLOW_UP)).toEqual([])
    })
  })

  describe('too_long', () => {
    it('warns when the longest variant with sample values is more than 3 segments', () => {
      expect(codesOf('a'.repeat(459), FOLLOW_UP)).toEqual([])
      expect(lintTemplate('a'.repeat(460), FOLLOW_UP)).toEqual([
        { code: 'too_long', severity: 'warning', message: expect.stringContaining('4 segments'), detail: '460 GSM-7 characters' },
      ])
    })

    it('measures the longest option and the sample values', () => {
      // {company_name} is 'Lone Star Homes' (15): 444 + 15 = 459 fits in 3 segments, one more character does not.
      expect(codesOf(`${'a'.repeat(444)}{company_name}`, FOLLOW_UP)).toEqual([])
      expect(codesOf(`${'a'.repeat(445)}{company_name}`, FOLLOW_UP)).toEqual(['too_long'])
      expect(codesOf(`${'a'.repeat(455)}{ab|abcde}`, FOLLOW_UP)).toEqual(['too_long'])
      expect(codesOf(`${'a'.repeat(455)}{ab|abcd}`, FOLLOW_UP)).toEqual([])
    })

    it('counts UCS-2 segments when the message is UCS-2', () => {
      // 3 × 67 = 201 code units: 3 segments in UCS-2, where 201 GSM-7 characters would take 2.
      expect(codesOf(`${'a'.repeat(200)}’`, FOLLOW_UP)).toEqual(['forces_ucs2'])
      expect(lintTemplate(`${'a'.repeat(201)}’`, FOLLOW_UP)).toMatchObject([{ code: 'forces_ucs2' }, { code: 'too_long', detail: '202 UCS-2 characters' }])
    })
  })

  it('lists errors before warnings, each kind in a stable order', () => {
    const body = `Hey {frist_name}! It’s ${'x'.repeat(500)} bit.ly/a {A||B}`
    expect(lintTemplate(body, FIRST).map((issue) => issue.code)).toEqual([
      'syntax',
      'syntax',
      'no_opt_out_language',
      'url_shortener',
      'no_sender_identification',
      'forces_ucs2',
      'too_long',
    ])
  })
})
