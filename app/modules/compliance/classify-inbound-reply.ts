/**
 * Classifies an inbound SMS body for the consent ledger: a revocation
 * (carrier keywords, misspellings of them, free-text revocations in English
 * and Spanish), a re-subscription, a HELP request, something that might be a
 * revocation, or nothing. Pure: the caller records the event and, for
 * 'ambiguous', suppresses the number and may ask one clarifying question.
 *
 * Precedence: exact keyword messages, then a misspelt single-word opt-out
 * keyword, then free-text revocations, then ambiguous phrases. Within a
 * keyword message, opt_out beats opt_in beats help ("STOP HELP" is opt_out).
 */

export type InboundReplyKind = 'opt_out' | 'opt_in' | 'help' | 'ambiguous' | 'none'

/** `matched`: the keyword or phrase that decided it, normalized, for the audit trail; null for 'none'. */
export type InboundReplyClass = { kind: InboundReplyKind; matched: string | null }

const KEYWORDS = new Map<string, 'opt_out' | 'opt_in' | 'help'>(
  Object.entries({
    stop: 'opt_out',
    stopall: 'opt_out',
    'stop all': 'opt_out',
    unsubscribe: 'opt_out',
    cancel: 'opt_out',
    end: 'opt_out',
    quit: 'opt_out',
    revoke: 'opt_out',
    optout: 'opt_out',
    'opt out': 'opt_out', // also OPT-OUT: the hyphen normalizes to a space
    alto: 'opt_out',
    parar: 'opt_out',
    pare: 'opt_out',
    basta: 'opt_out',
    cancelar: 'opt_out',
    // Only explicit re-subscribe keywords: a "yes" answers a question, it does not undo a STOP.
    start: 'opt_in',
    unstop: 'opt_in',
    help: 'help',
    info: 'help',
    ayuda: 'help',
  } as const),
)

/** Words (and numbers) that may surround a keyword without changing it ("STOP please", "ok STOP", "alto por favor"). */
const FILLERS = new Set([
  ...['please', 'pls', 'plz', 'now', 'already', 'asap', 'thanks', 'thank you', 'thx', 'ty', 'ok', 'okay'],
  ...['por favor', 'porfa', 'ya', 'gracias'],
])

const PRECEDENCE = ['opt_out', 'opt_in', 'help'] as const

const OPT_OUT_KEYWORDS = [...KEYWORDS].filter(([keyword, kind]) => kind === 'opt_out' && !keyword.includes(' ')).map(([keyword]) => keyword)

/**
 * Real words one typo away from an opt-out keyword under the rules of
 * `misspeltOptOutKeyword`: a message of just "cancer" or "alot" is not a STOP.
 */
const REAL_WORDS = new Set(['alot', 'cancer', 'evoke'])

/** Misspellings and variants the rules below do not reach. */
const KNOWN_MISSPELLINGS = new Map(Object.entries({ stp: 'stop', stahp: 'stop', unsub: 'unsubscribe', canceled: 'cancel', cancelled: 'cancel' }))

const LOOKALIKE_DIGITS = new Map(Object.entries({ '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't' }))

// Delimiters that end a clause; they are split on before the rest of the punctuation is stripped,
// so "No, stop texting me" is not read as a negated "no stop".
const CLAUSE_END = /[.,;:!?¡¿…。、\n\r]+/gu
const APOSTROPHES = /['’‘`´ʼ′＇]/gu
const NOT_WORDS = /[\p{P}\p{S}\p{Extended_Pictographic}\p{Cf}]/gu

/** Trim, NFKC, casefold, fold accents, drop apostrophes ("don't" → "dont"), strip punctuation, symbols and emoji, collapse whitespace. */
export function normalizeReplyText(text: string): string {
  return foldAndStrip(text.replace(APOSTROPHES, '').trim().normalize('NFKC').toLocaleLowerCase('en-US'))
}

function foldAndStrip(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '') // accents, and the variation selectors and keycaps of emoji
    .replace(NOT_WORDS, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

type Clause = { text: string; question: boolean }

function clausesOf(body: string): Clause[] {
  const text = body.replace(APOSTROPHES, '').normalize('NFKC').toLocaleLowerCase('en-US')
  const clauses: Clause[] = []
  let start = 0
  for (const end of text.matchAll(CLAUSE_END)) {
    clauses.push({ text: foldAndStrip(text.slice(start, end.index)), question: /[?¿]/.test(end[0]) })
    start = end.index + end[0].length
  }
  clauses.push({ text: foldAndStrip(text.slice(start)), question: false })
  return clauses.filter((clause) => clause.text !== '')
}

/** The strongest keyword when the message is nothing but keywords and fillers ("stop stop", "STOP HELP"), else null. */
function keywordMessage(text: string): { kind: 'opt_out' | 'opt_in' | 'help'; keyword: string } | null {
  const words = text.split(' ')
  const found: string[] = []
  let i = 0
  while (i < words.length) {
    // Two-word keywords and fillers first: "stop all", "opt out", "thank you", "por favor".
    const pair = words.slice(i, i + 2).join(' ')
    const token = KEYWORDS.has(pair) || FILLERS.has(pair) ? pair : (words[i] ?? '')
    if (KEYWORDS.has(token)) found.push(token)
    else if (!FILLERS.has(token) && !/^\d+$/.test(token)) return null // "STOP 2": a number answers a prompt
    i += token.split(' ').length
  }
  for (const kind of PRECEDENCE) {
    const keyword = found.find((candidate) => KEYWORDS.get(candidate) === kind)
    if (keyword) return { kind, keyword }
  }
  return null
}

const collapseRuns = (word: string) => word.replace(/(\p{L})\1+/gu, '$1')

/** Optimal string alignment distance (Levenshtein plus adjacent transposition). */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  const at = (i: number, j: number) => rows[i]?.[j] ?? Infinity
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1)
      rows[i]![j] = best
    }
  }
  return at(a.length, b.length)
}

function isAdjacentTransposition(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false
  const diff = [...a].flatMap((char, i) => (char === b[i] ? [] : [i]))
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!]
}

/**
 * The opt-out keyword a one-word message misspells, or null. Lookalike digits
 * read as letters ("opt0ut") and doubled letters collapse ("stopp", "stoop").
 * Beyond that, keywords of 4–5 letters accept only a swap of two neighbours
 * ("stpo", "sotp"): one substitution would turn STOP into "step", "shop",
 * "stow". Longer keywords accept one edit of any kind ("unsubscibe"). END
 * (3 letters) accepts none. Only opt-out is fuzzy: a missed STOP is the costly
 * error, while re-subscribing someone on a guessed START would be one too.
 */
function misspeltOptOutKeyword(word: string): string | null {
  if (!/^[\p{L}\d]+$/u.test(word) || !/\p{L}/u.test(word)) return null
  const read = word.replace(/\d/g, (digit) => LOOKALIKE_DIGITS.get(digit) ?? digit)
  if (REAL_WORDS.has(word) || REAL_WORDS.has(read)) return null
  const known = KNOWN_MISSPELLINGS.get(read) ?? KNOWN_MISSPELLINGS.get(collapseRuns(read))
  if (known) return known
  for (const keyword of OPT_OUT_KEYWORDS) {
    if (read === keyword || collapseRuns(read) === collapseRuns(keyword)) return keyword
  }
  for (const keyword of OPT_OUT_KEYWORDS) {
    if (keyword.length >= 6 ? editDistance(read, keyword) <= 1 : keyword.length >= 4 && isAdjacentTransposition(collapseRuns(read), keyword)) {
      return keyword
    }
  }
  return null
}

/**
 * A pattern over one normalized clause. `unlessAfter` is tested on the text
 * before the match: a negation that flips it ("don't stop texting me",
 * "no dejes de escribirme") or a context that makes it something else.
 * `bare`: a lone keyword, which a question mark turns into 'ambiguous' ("stop?").
 */
type Pattern = { name: string; re: RegExp; unlessAfter?: RegExp; bare?: boolean }

// "No" is not an English negator of an imperative ("no stop texting me" still revokes), so it is left out here.
const EN_NEGATED =
  /\b(?:dont|do not|does not|doesnt|never|did (?:you|u|they|yall))(?:\s+(?:please|pls|plz|you|u|ever|just|really|want|wanna|need|to|me|yall|guys|go|gonna))*\s*$/
const ES_NEGATED = /\b(?:no|nunca|jamas)(?:\s+(?:me|te|nos|le|les|lo|la|quiero|queremos|que|por favor|porfa|ya))*\s*$/
const SUBJECT = /\b(?:i|we|they|he|she|you|u|who)\s*$/
// "bus stop", "your stop", "non-stop": a stop that is a place, not a request.
const STOP_AS_NOUN = /\b(?:the|a|an|my|your|his|her|our|their|each|every|next|last|first|one|more|bus|pit|truck|rest|full|train|gas|non|whistle)\s*$/

const CONTACT_GERUNDS =
  'texting|txting|texing|messaging|msging|sending|contacting|calling|emailing|bugging|bothering|harassing|spamming|receiving|hitting me up'
const MESSAGE_NOUNS = 'texts?|txts?|messages?|msgs?|sms|spam|contact|communications?|calls'
const CONTACT_VERBS = 'text|txt|message|msg|sms|contact|call|email|write|hit me up|reach out to'
const ES_CONTACT_VERBS = 'enviar|mandar|escribir|textear|molestar|llamar|contactar|spamear'

const OPT_OUT_PATTERNS: Pattern[] = [
  {
    name: 'stop_contact',
    re: new RegExp(
      `\\b(?:stop|quit|cease)\\s+(?:(?:the|these|those|this|your|all|of|with|me|us)\\s+)*(?:${CONTACT_GERUNDS}|${MESSAGE_NOUNS})\\b(?!\\s+(?:you|u)\\b)`,
      'g',
    ),
    unlessAfter: EN_NEGATED,
  },
  {
    name: 'trailing_stop',
    re: /\bstop(?:\s+(?:it|now|already|please|pls|plz|asap|immediately|thanks|thank you|thx))*$/g,
    unlessAfter: new RegExp(`${EN_NEGATED.source}|${STOP_AS_NOUN.source}`),
    bare: true,
  },
  // CANCEL and END revoke as whole messages; in a sentence they must name the texts. "Cancel my appointment and call
  // me instead" cancels a meeting, not consent to texts, and asks for more contact: 'none'.
  {
    name: 'cancel_messages',
    re: /\b(?:cancel|end)\s+(?:(?:the|these|those|this|your|all|my)\s+)*(?:texts?|messages?|msgs?|sms|subscription|alerts|notifications)\b/g,
    unlessAfter: EN_NEGATED,
  },
  { name: 'how_to_stop', re: /\bhow (?:do|can|would) (?:i|we) (?:stop|unsubscribe|opt out|get off|get removed|make (?:it|this|them) stop)\b/g },
  { name: 'unsubscribe', re: /\b(?:unsubscribe|unsubscribed|unsub|opt (?:me |us )?out|opting out|opted out|optout)\b/g, unlessAfter: EN_NEGATED },
  {
    name: 'remove_me',
    re: /\b(?:remove|delete|erase)(?:\s+(?:me|us|this number|my (?:number|phone number|phone|cell|info|information|name|contact))\b|$)/g,
    unlessAfter: EN_NEGATED,
  },
  {
    name: 'off_list',
    re: /\b(?:take|get|put|scratch|cross|drop|strike)\s+(?:me|us|this number|my (?:number|name|info))\s+off\b/g,
    unlessAfter: EN_NEGATED,
  },
  { name: 'do_not_contact_list', re: /\b(?:do not (?:call|text|contact)|dont (?:call|text|contact)|dnc) list\b/g },
  {
    // "Don't text me", "never call me again", a bare "please don't text"; "don't bother" alone only declines (ambiguous).
    name: 'do_not_contact',
    re: new RegExp(
      `\\b(?:(?:do not|dont|never)\\s+(?:ever\\s+)?(?:(?:${CONTACT_VERBS})(?:ing)?|bother)\\s+(?:me|us|this number|my number|my phone|here)\\b|(?:do not|dont)\\s+(?:ever\\s+)?(?:${CONTACT_VERBS})$)`,
      'g',
    ),
    unlessAfter: SUBJECT, // "I don't text", "you never call me": statements, not requests
  },
  {
    name: 'do_not_want_messages',
    re: new RegExp(
      `\\b(?:dont|do not|no longer) want (?:you to (?:${CONTACT_VERBS})|(?:to (?:receive|get) )?(?:(?:any|these|your|the|more|anymore)\\s+)*(?:${MESSAGE_NOUNS}))\\b`,
      'g',
    ),
  },
  {
    name: 'no_more_messages',
    re: new RegExp(`\\bno more (?:${MESSAGE_NOUNS}|texting|messaging)\\b|^no (?:texts|texting|messages|calls)(?: please| pls| thanks)?$`, 'g'),
  },
  { name: 'leave_me_alone', re: /\bleave (?:me|us) alone\b/g, unlessAfter: EN_NEGATED },
  { name: 'wrong_number', re: /\bwrong (?:number|person|guy|girl)\b/g },
  { name: 'lose_number', re: /\blose (?:this|my|the) (?:number|contact|info)\b/g, unlessAfter: EN_NEGATED },
  {
    name: 'dismissal',
    re: /\b(?:(?:f|fuck|fck|fk|fuk|effing|eff|piss|buzz|back|bugger)\s+off|(?:f|fuck|fck|screw)\s+(?:you|u)|go away|get lost|go to hell|stfu|gtfo)\b/g,
  },
  // Spanish. "deja"/"para" are imperatives only when affirmative ("no dejes de" is the negative), so a "no" before them is
  // a complaint ("no deja de escribirme"), not a request to keep writing.
  { name: 'stop_contact_es_imperative', re: new RegExp(`\\b(?:deja|para)\\s+de\\s+(?:${ES_CONTACT_VERBS})`, 'g') },
  {
    name: 'stop_contact_es',
    re: new RegExp(`\\b(?:dejes|deje|dejen|dejar|pares|pare|paren|parar)\\s+de\\s+(?:${ES_CONTACT_VERBS})`, 'g'),
    unlessAfter: ES_NEGATED,
  },
  { name: 'no_more_messages_es', re: /\bno (?:quiero (?:recibir )?)?(?:mas )?(?:mensajes|textos|msjs?|sms)\b/g },
  {
    name: 'do_not_contact_es',
    re: /\bno (?:me|nos) (?:escribas|escriba|escriban|mandes|mande|manden|envies|envie|envien|llames|llame|llamen|contactes|contacte|contacten|molestes|moleste|molesten|textees)\b/g,
  },
  {
    name: 'remove_me_es',
    re: /\b(?:(?:borr|sac|quit|elimin)(?:a|e|en|ar)me de (?:tu |su |sus |la |esta |esa )?lista|(?:borr|elimin)(?:a|e|en)me$|(?:borra|borre|elimina|elimine) mi numero)\b/g,
  },
  {
    name: 'unsubscribe_es',
    re: /\b(?:(?:darme|dame|denme|deme|me doy|me den|me da|me dan) de baja|desuscribir\w*|cancelar (?:la |mi )?suscripcion)\b/g,
    unlessAfter: ES_NEGATED,
  },
  { name: 'leave_me_alone_es', re: /\b(?:dejame|dejenme|dejeme) en paz\b/g },
  { name: 'wrong_number_es', re: /\b(?:numero (?:equivocado|incorrecto|errado)|(?:se )?equivoc\w* de (?:numero|persona))\b/g },
  { name: 'dismissal_es', re: /\bvete (?:a la mierda|al carajo|al diablo)\b/g },
]

/**
 * Possible revocations. "Not interested" declines the offer but does not
 * clearly revoke consent to texts; under the FCC's any-reasonable-means
 * standard a reviewer could still read it as "stop contacting me", so it
 * suppresses and earns one clarifying question instead of a silent 'none'.
 */
const AMBIGUOUS_PATTERNS: Pattern[] = [
  { name: 'not_interested', re: /\b(?:not|no) (?:really |very )?interested\b|\bno interest\b/g },
  { name: 'not_selling', re: /\b(?:not (?:selling|for sale)|no (?:vendo|esta en venta))\b/g },
  { name: 'no_thanks', re: /\bno (?:thanks|thank you|thx|ty|gracias)\b|^(?:no|nope|nah|no no)$/g },
  { name: 'not_interested_es', re: /\bno (?:me interesa|(?:estoy|estamos) interesad[oa]s?)\b/g },
  { name: 'who_is_this', re: /\b(?:who (?:is|s) (?:this|that)|whos this|who dis|who (?:are|r) (?:you|u))\b/g },
  { name: 'who_is_this_es', re: /\bquien (?:es|eres|habla|son|sos)\b/g },
  {
    name: 'how_got_number',
    re: /\b(?:how|where)(?:d| did| do| does)? (?:you|u|yall) (?:get|got|have|find|found) (?:my|this) (?:number|phone number|cell|info|contact)\b/g,
  },
  { name: 'how_got_number_es', re: /\b(?:como|de donde) (?:obtuv|consigui|sac|tien)\w* (?:mi|este) numero\b/g },
  { name: 'not_now', re: /\b(?:dont bother|not now|ahora no)\b/g },
  { name: 'never_signed_up', re: /\b(?:didnt|did not|never) (?:sign|signed|opt|opted) (?:up|in)\b/g },
  { name: 'spam', re: /\b(?:spam|scam)\b/g },
  // "¡Para!" and a lone "baja" are revocations in Spanish more often than not, but not keywords.
  { name: 'lone_es', re: /^(?:para|para ya|baja)$/g },
]

// A message of only these emoji (🛑 ⛔ 🚫 🖕) has no words, yet reads as a possible revocation.
const REVOKING_EMOJI = /[\u{1F6D1}\u{26D4}\u{1F6AB}\u{1F595}]/u

function firstMatch(patterns: Pattern[], clauses: Clause[], applies: (pattern: Pattern, clause: Clause) => boolean = () => true) {
  for (const pattern of patterns) {
    for (const clause of clauses) {
      if (!applies(pattern, clause)) continue
      for (const match of clause.text.matchAll(pattern.re)) {
        if (!pattern.unlessAfter?.test(clause.text.slice(0, match.index))) return match[0].trim()
      }
    }
  }
  return null
}

export function classifyInboundReply(body: string): InboundReplyClass {
  const clauses = clausesOf(body)
  const text = clauses.map((clause) => clause.text).join(' ')
  const question = clauses.some((clause) => clause.question)
  if (text === '') {
    const emoji = body.match(REVOKING_EMOJI)
    return emoji ? { kind: 'ambiguous', matched: emoji[0] } : { kind: 'none', matched: null }
  }

  // A word spelt out letter by letter ("S T O P", "s.t.o.p") reads as the word.
  const word = /^(?:\p{L} )+\p{L}$/u.test(text) ? text.replaceAll(' ', '') : text
  const keyword = keywordMessage(word)
  if (keyword) return { kind: keyword.kind === 'opt_out' && question ? 'ambiguous' : keyword.kind, matched: keyword.keyword }

  const misspelt = word.includes(' ') ? null : misspeltOptOutKeyword(word)
  if (misspelt) return { kind: question ? 'ambiguous' : 'opt_out', matched: misspelt }

  const optOut = firstMatch(OPT_OUT_PATTERNS, clauses, (pattern, clause) => !(pattern.bare && clause.question))
  if (optOut) return { kind: 'opt_out', matched: optOut }
  const askedStop = firstMatch(OPT_OUT_PATTERNS.filter((pattern) => pattern.bare), clauses)
  if (askedStop) return { kind: 'ambiguous', matched: askedStop }

  const ambiguous = firstMatch(AMBIGUOUS_PATTERNS, clauses)
  return ambiguous ? { kind: 'ambiguous', matched: ambiguous } : { kind: 'none', matched: null }
}
