import { classifyInboundReply, normalizeReplyText } from '~/modules/compliance/classify-inbound-reply'

/**
 * Whether a reply shows interest: the lead wants to talk, sell, hear a price
 * or get an offer. Pure and deliberately cautious — a false "positive" hands
 * a stranger to a sales team, a false "neutral" only waits for an operator.
 *
 * Order: what the consent classifier reads as an opt-out or a possible
 * revocation is negative, an opt-in keyword or HELP neutral; then negative
 * phrases ("not interested", "no thanks", "wrong person") win over positive
 * ones, so "not interested, how much would you even pay" stays negative;
 * then positive phrases; the rest is neutral.
 */

export type ReplyIntent = 'positive' | 'negative' | 'neutral'
export type ReplyIntentClass = { intent: ReplyIntent; matched: string | null }

const NEGATIVE = [
  /\bnot\s+(?:\w+\s+)?(?:interested|selling|for sale|looking|now|at this time|right now)\b/,
  /\b(?:no|nah|nope)\s+(?:thanks|thank you|thx|ty|interest|way|deal)\b/,
  /\bno\s+longer\b/,
  /\bnot\s+(?:the owner|mine|my house|my property)\b/,
  /\bwrong\s+(?:number|person|guy|lady|house|property)\b/,
  /\bdont\s+(?:\w+\s+)?(?:own|want|need|sell|care|have)\b/,
  /\b(?:never|wont)\s+sell\b/,
  /\b(?:already\s+sold|sold\s+it|not\s+for\s+sale|off\s+the\s+market)\b/,
  /\b(?:leave me alone|go away|scam|scammer|fuck|f off|piss off|who is this|who dis|how did you get)\b/,
  /\bno\s+(?:es|me\s+interesa)\b/,
  /^(?:no|nah|nope|pass|not really|negative)$/,
]

const POSITIVE = [
  /\b(?:interested|intrigued)\b/,
  /\b(?:call|ring|phone)\s+me\b/,
  /\b(?:give|gimme)\s+me\s+a\s+call\b/,
  /\bcall\s+(?:anytime|any time|now|today|tomorrow)\b/,
  /\bhow\s+much\b/,
  /\bwhat\s+(?:would|will|can|could)\s+you\s+(?:offer|pay|give)\b/,
  /\bwhats\s+(?:your|the)\s+(?:offer|price)\b/,
  /\b(?:make|send)\s+(?:me\s+)?(?:an?\s+)?offer\b/,
  /\b(?:cash\s+offer|your\s+offer|an\s+offer|best\s+offer)\b/,
  /\b(?:lets\s+talk|can\s+we\s+talk|want\s+to\s+talk|wanna\s+talk|tell\s+me\s+more|more\s+info(?:rmation)?|more\s+details)\b/,
  /\b(?:i\s+(?:might|may|would|could)\s+(?:be\s+)?(?:sell|consider|open))/,
  /\b(?:thinking\s+(?:about|of)\s+selling|willing\s+to\s+sell|want\s+to\s+sell|looking\s+to\s+sell|ready\s+to\s+sell)\b/,
  /\b(?:possibly|maybe|depends\s+on\s+the\s+price|for\s+the\s+right\s+price)\b/,
  /\bme\s+interesa\b/,
  /\bcuanto\b/,
  /^(?:yes|yeah|yea|yep|yup|sure|ok sure|absolutely|definitely|si|claro|of course|i am|i would|possibly|maybe)$/,
]

export function classifyReplyIntent(body: string): ReplyIntentClass {
  const consent = classifyInboundReply(body)
  // An opt-out, or anything that might be one ("not interested", "wrong number"), is negative; a
  // re-subscribe keyword or HELP is neutral. None of them is ever a sales lead.
  if (consent.kind === 'opt_out' || consent.kind === 'ambiguous') return { intent: 'negative', matched: consent.matched }
  if (consent.kind !== 'none') return { intent: 'neutral', matched: null }
  const text = normalizeReplyText(body)
  if (text === '') return { intent: 'neutral', matched: null }
  for (const pattern of NEGATIVE) {
    const hit = pattern.exec(text)
    if (hit) return { intent: 'negative', matched: hit[0] }
  }
  for (const pattern of POSITIVE) {
    const hit = pattern.exec(text)
    if (hit) return { intent: 'positive', matched: hit[0] }
  }
  return { intent: 'neutral', matched: null }
}
