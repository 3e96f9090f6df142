import { measureSms } from './sms-segments'
import { longestRendering, MERGE_FIELDS, parseTemplate, type MergeValues, type TemplatePart } from './template-syntax'

/**
 * The compliance lint of a template: what would stop a campaign from sending
 * it (errors) and what costs money or deliverability (warnings). A first
 * contact must say, in every variant, how to opt out, and should say who is
 * texting. Links on public shorteners are filtered by carriers. Pure and
 * browser-safe: the editor lints as the operator types.
 */

export type LintCode = 'syntax' | 'no_opt_out_language' | 'no_sender_identification' | 'url_shortener' | 'forces_ucs2' | 'too_long'

export type LintIssue = { code: LintCode; severity: 'error' | 'warning'; message: string; detail?: string }

/** What each code means, for the editor's help and the API documentation. */
export const LINT_MESSAGES: Record<LintCode, string> = {
  syntax: 'The merge fields or spintax do not parse: an unmatched brace, braces inside braces, an unknown field, an empty spin option or empty braces.',
  no_opt_out_language: 'A first message does not say how to opt out (STOP, opt out, unsubscribe; ALTO or PARE in Spanish) in every variant.',
  no_sender_identification: 'A first message does not say who is texting: no {sender_name} or {company_name} field, and not the organization’s name.',
  url_shortener: 'A link on a public URL shortener (bit.ly, tinyurl.com and the like): carriers filter them.',
  forces_ucs2: 'A character outside the GSM-7 alphabet (curly quotes, long dashes, emoji) makes the message UCS-2: 70 characters a segment instead of 160.',
  too_long: 'The longest variant, with sample values, is more than 3 segments.',
}

export const LINT_SEVERITIES: Record<LintCode, LintIssue['severity']> = {
  syntax: 'error',
  no_opt_out_language: 'error',
  url_shortener: 'error',
  no_sender_identification: 'warning',
  forces_ucs2: 'warning',
  too_long: 'warning',
}

const MAX_SEGMENTS = 3

/** Beyond this many variants, `saidInEveryVariant` reasons on the groups instead of reading each variant. */
const MAX_VARIANTS_READ = 256

/**
 * Telling the person how to opt out: "opt out" or "unsubscribe", or a keyword
 * (STOP, ALTO, PARE, BAJA) as an instruction — after reply/text/responda…
 * ("Reply STOP", "Text Stop.", "Responda ALTO") or before what it does
 * ("STOP to end", "ALTO para no recibir"). A keyword alone is not enough:
 * "Palo Alto" or "we'll stop by" tell nobody anything.
 */
const OPT_OUT_PHRASES = [
  /(?<![\p{L}\p{N}_])(?:opt[\s-]?out|unsubscribe)(?![\p{L}\p{N}_])/iu,
  /(?<![\p{L}\p{N}_])(?:reply|text|txt|send|respond|responda|responde|env[ií]a|escriba|escribe)(?![\p{L}\p{N}_])[^.!?\n]{0,12}?(?<![\p{L}\p{N}_])(?:stop|alto|pare|baja)(?![\p{L}\p{N}_])/iu,
  /(?<![\p{L}\p{N}_])(?:stop|alto|pare|baja)(?![\p{L}\p{N}_])\s*(?:to\s+(?:opt|end|quit|cancel|unsubscribe|stop)|para\s+(?:no|dejar|cancelar|salir))/iu,
]
const hasOptOutLanguage = (text: string) => OPT_OUT_PHRASES.some((phrase) => phrase.test(text))

export const URL_SHORTENERS = [
  ...['bit.ly', 'tinyurl.com', 'goo.gl', 't.co', 'ow.ly', 'is.gd', 'buff.ly', 'rebrand.ly'],
  ...['cutt.ly', 'shorturl.at', 'tiny.cc', 'bl.ink', 't.ly', 'rb.gy', 's.id', 'lnkd.in'],
] as const

// The domain must stand alone: not "at.com" for t.co, nor an address (me@bit.ly) or a path (example.com/bit.ly).
const SHORTENER_DOMAINS = URL_SHORTENERS.map((domain) => domain.replaceAll('.', '\\.')).join('|')
const SHORTENER_LINK = new RegExp(`(?<![\\p{L}\\p{N}_.@/-])(?:https?://)?(?:www\\.)?(${SHORTENER_DOMAINS})(?![\\p{L}\\p{N}_-]|\\.[\\p{L}\\p{N}])`, 'giu')

const SAMPLE_VALUES: MergeValues = Object.fromEntries(MERGE_FIELDS.map((field) => [field.key, field.sample]))

const CHARACTER_NAMES = new Map(
  Object.entries({
    '’': 'curly apostrophe',
    '‘': 'curly opening quote',
    '“': 'curly opening double quote',
    '”': 'curly closing double quote',
    '–': 'en dash',
    '—': 'em dash',
    '…': 'ellipsis',
    '\u00a0': 'non-breaking space',
  }),
)

const EMOJI = /\p{Emoji_Presentation}|\uFE0F/u
const INVISIBLE = /^[\p{Cf}\p{Z}\p{M}]/u

function describeCharacter(char: string): string {
  const name = CHARACTER_NAMES.get(char) ?? (EMOJI.test(char) ? 'emoji' : null)
  if (name) return `${char} (${name})`
  if (INVISIBLE.test(char)) return [...char].map((codePoint) => `U+${codePoint.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ')
  return char
}

/**
 * Whether `says` holds for every message the template makes, fields left out:
 * read in each variant when there are at most MAX_VARIANTS_READ, else it must
 * hold outside the spin groups or in every option of one group.
 */
function saidInEveryVariant(parts: TemplatePart[], says: (text: string) => boolean): boolean {
  const groups = parts.flatMap((part) => (part.kind === 'spin' ? [part.options] : []))
  const count = groups.reduce((product, options) => product * options.length, 1)
  if (count > MAX_VARIANTS_READ) {
    return says(parts.map((part) => (part.kind === 'text' ? part.text : ' ')).join('')) || groups.some((options) => options.every(says))
  }
  for (let variant = 0; variant < count; variant++) {
    let rest = variant
    const text = parts.map((part) => {
      if (part.kind === 'text') return part.text
      if (part.kind === 'field') return ' '
      const option = part.options[rest % part.options.length]
      rest = Math.floor(rest / part.options.length)
      return option
    })
    if (!says(text.join(''))) return false
  }
  return true
}

function identifiesSender(parts: TemplatePart[], organizationName: string | null | undefined): boolean {
  if (parts.some((part) => part.kind === 'field' && (part.key === 'sender_name' || part.key === 'company_name'))) return true
  const name = organizationName?.trim().toLocaleLowerCase('en-US')
  return Boolean(name) && saidInEveryVariant(parts, (text) => text.toLocaleLowerCase('en-US').includes(name!))
}

/**
 * `mms`: the template sends an image, so each message is one MMS, billed as
 * one whatever its length or characters: the segment warnings (forces_ucs2,
 * too_long) do not apply; everything said in the body still does.
 */
export function lintTemplate(body: string, options: { firstContact: boolean; organizationName?: string | null; mms?: boolean }): LintIssue[] {
  const { parts, errors } = parseTemplate(body)
  const issues: LintIssue[] = []
  const add = (code: LintCode, message: string, detail?: string) =>
    issues.push({ code, severity: LINT_SEVERITIES[code], message, ...(detail === undefined ? {} : { detail }) })

  for (const error of errors) add('syntax', 'A merge field or spin group does not parse.', error.message)

  if (options.firstContact) {
    if (!saidInEveryVariant(parts, hasOptOutLanguage)) {
      add('no_opt_out_language', 'A first message must say how to opt out, in every variant: add "Reply STOP to opt out".')
    }
    if (!identifiesSender(parts, options.organizationName)) {
      add('no_sender_identification', 'Say who is texting: add {sender_name} or {company_name}, or write the company’s name.')
    }
  }

  const shorteners = new Set([...body.matchAll(SHORTENER_LINK)].map((match) => match[1]!.toLowerCase()))
  for (const domain of shorteners) add('url_shortener', 'Carriers filter links on public URL shorteners: link to your own domain.', domain)

  if (options.mms) return issues.sort((a, b) => Number(a.severity === 'warning') - Number(b.severity === 'warning'))

  // The body holds every option and fallback, and the sample values are plain ASCII: its characters are every variant's.
  const nonGsm = measureSms(body).nonGsmCharacters
  if (nonGsm.length > 0) {
    add(
      'forces_ucs2',
      'These characters make the message UCS-2, which roughly halves the characters a segment holds (70 instead of 160).',
      nonGsm.map(describeCharacter).join(', '),
    )
  }

  const longest = measureSms(longestRendering(body, SAMPLE_VALUES).text)
  if (longest.segments > MAX_SEGMENTS) {
    const message = `The longest variant is ${longest.segments} segments with sample values: keep it to ${MAX_SEGMENTS}.`
    add('too_long', message, `${longest.characters} ${longest.encoding} characters`)
  }

  return issues.sort((a, b) => Number(a.severity === 'warning') - Number(b.severity === 'warning'))
}
