import { describe, expect, it } from 'vitest'
import { classifyInboundReply, normalizeReplyText, type InboundReplyClass } from './classify-inbound-reply'

type Kind = InboundReplyClass['kind']

const PHRASES: [string, Kind][] = [
  // opt_out: carrier keywords, with case, punctuation, emoji and repetition
  ['STOP', 'opt_out'],
  ['stop', 'opt_out'],
  ['Stop.', 'opt_out'],
  ['STOP!!!', 'opt_out'],
  ['Stop 🛑', 'opt_out'],
  ['🛑 STOP 🛑', 'opt_out'],
  ['  stop  stop ', 'opt_out'],
  ['STOP please', 'opt_out'],
  ['STOPALL', 'opt_out'],
  ['stop all', 'opt_out'],
  ['Unsubscribe', 'opt_out'],
  ['CANCEL', 'opt_out'],
  ['end', 'opt_out'],
  ['Quit', 'opt_out'],
  ['REVOKE', 'opt_out'],
  ['optout', 'opt_out'],
  ['opt out', 'opt_out'],
  ['OPT-OUT', 'opt_out'],
  ['STOP HELP', 'opt_out'],
  ['START STOP', 'opt_out'],
  // opt_out: Spanish keywords
  ['ALTO', 'opt_out'],
  ['Parar', 'opt_out'],
  ['pare', 'opt_out'],
  ['¡Basta!', 'opt_out'],
  ['cancelar', 'opt_out'],
  ['alto por favor', 'opt_out'],
  // opt_out: misspellings of a one-word keyword
  ['stpo', 'opt_out'],
  ['sotp', 'opt_out'],
  ['stopp', 'opt_out'],
  ['stoop', 'opt_out'],
  ['Stp', 'opt_out'],
  ['st0p', 'opt_out'],
  ['unsubscibe', 'opt_out'],
  ['unsubscrbe', 'opt_out'],
  ['unsuscribe', 'opt_out'],
  ['opt0ut', 'opt_out'],
  ['cancelled', 'opt_out'],
  ['qiut', 'opt_out'],
  ['S T O P', 'opt_out'],
  // opt_out: free text, English
  ['please stop texting me', 'opt_out'],
  ['stop texting me', 'opt_out'],
  ['Stop messaging me!', 'opt_out'],
  ['can you stop sending me these messages?', 'opt_out'],
  ['remove me from your list', 'opt_out'],
  ['Take me off your list.', 'opt_out'],
  ['unsubscribe me', 'opt_out'],
  ['how do I unsubscribe', 'opt_out'],
  ['do not text me', 'opt_out'],
  ["don't text me again", 'opt_out'],
  ['dont contact me', 'opt_out'],
  ['don’t bother me', 'opt_out'],
  ['leave me alone', 'opt_out'],
  ['wrong number', 'opt_out'],
  ['You have the wrong number', 'opt_out'],
  ['lose this number', 'opt_out'],
  ['no more texts', 'opt_out'],
  ['f off', 'opt_out'],
  ['f*** off', 'opt_out'],
  ['Not interested. Stop', 'opt_out'],
  ['No, stop texting me', 'opt_out'],
  ['Who is this? STOP', 'opt_out'],
  ['put me on your do not call list', 'opt_out'],
  ['cancel my subscription', 'opt_out'],
  ['End these messages please', 'opt_out'],
  ["I don't want you to text me anymore", 'opt_out'],
  ['fuck off', 'opt_out'],
  // opt_out: free text, Spanish
  ['no más mensajes', 'opt_out'],
  ['no mas mensajes', 'opt_out'],
  ['Deja de enviarme mensajes', 'opt_out'],
  ['no me escribas más', 'opt_out'],
  ['bórrame de tu lista', 'opt_out'],
  ['número equivocado', 'opt_out'],
  ['No me interesa, no me escriban más', 'opt_out'],
  ['quiero darme de baja', 'opt_out'],
  ['déjame en paz', 'opt_out'],
  ['no para de escribirme', 'opt_out'],
  // opt_in
  ['START', 'opt_in'],
  ['start', 'opt_in'],
  ['Unstop', 'opt_in'],
  ['START 👍', 'opt_in'],
  ['start please', 'opt_in'],
  ['HELP START', 'opt_in'],
  // help
  ['HELP', 'help'],
  ['help!', 'help'],
  ['Info', 'help'],
  ['AYUDA', 'help'],
  ['ayuda por favor', 'help'],
  // ambiguous: a possible revocation, worth one clarifying question
  ['stop?', 'ambiguous'],
  ['Stop??', 'ambiguous'],
  ['not interested', 'ambiguous'],
  ["I'm not interested", 'ambiguous'],
  ['no thanks', 'ambiguous'],
  ['No', 'ambiguous'],
  ['no gracias', 'ambiguous'],
  ['no me interesa', 'ambiguous'],
  ['no estoy interesada', 'ambiguous'],
  ['who is this', 'ambiguous'],
  ["Who's this?", 'ambiguous'],
  ['¿Quién habla?', 'ambiguous'],
  ['how did you get my number', 'ambiguous'],
  ["how'd you get my number?", 'ambiguous'],
  ['¿De dónde sacaste mi número?', 'ambiguous'],
  ["don't bother", 'ambiguous'],
  ['not now', 'ambiguous'],
  ['I never signed up for this', 'ambiguous'],
  ['🛑', 'ambiguous'],
  // none: the words appear, but nothing is revoked
  ["don't stop, I'm interested", 'none'],
  ['do not stop', 'none'],
  ['never stop', 'none'],
  ["please don't stop texting me", 'none'],
  ['do not remove me', 'none'],
  ["I don't want to unsubscribe", 'none'],
  ['why did you stop texting me?', 'none'],
  ['can you stop by tomorrow?', 'none'],
  ['the bus stop is next to the house', 'none'],
  ['I want to end the lease', 'none'],
  ['quit my job so I have time', 'none'],
  ["what's the end date?", 'none'],
  ['cancel my appointment and call me instead', 'none'],
  ['no dejes de escribirme', 'none'],
  ["I don't text much, call me", 'none'],
  ['you never call me', 'none'],
  // none: ordinary replies
  ["yes I'm interested", 'none'],
  ['yes', 'none'],
  ['how much?', 'none'],
  ['sí, me interesa', 'none'],
  ['¿cuánto ofrecen?', 'none'],
  ['help me understand the offer', 'none'],
  ['more info on the price', 'none'],
  ['subscribe', 'none'],
  ['', 'none'],
  // none: real words one edit away from a keyword
  ['shop', 'none'],
  ['step', 'none'],
  ['stow', 'none'],
  ['spot', 'none'],
  ['stop by', 'none'],
  ['alot', 'none'],
  ['cancer', 'none'],
  ['pasta', 'none'],
  ['into', 'none'],
  ['star', 'none'],
]

describe('classifyInboundReply', () => {
  it.each(PHRASES)('%j → %s', (body, kind) => {
    expect(classifyInboundReply(body).kind).toBe(kind)
  })

  it('names the keyword or phrase that decided it, normalized, and nothing for none', () => {
    expect(classifyInboundReply('STOP!!!')).toEqual({ kind: 'opt_out', matched: 'stop' })
    expect(classifyInboundReply('Opt-Out')).toEqual({ kind: 'opt_out', matched: 'opt out' })
    expect(classifyInboundReply('STOP HELP')).toEqual({ kind: 'opt_out', matched: 'stop' })
    expect(classifyInboundReply('stpo')).toEqual({ kind: 'opt_out', matched: 'stop' })
    expect(classifyInboundReply('unsubscibe')).toEqual({ kind: 'opt_out', matched: 'unsubscribe' })
    expect(classifyInboundReply('Please STOP texting me!')).toEqual({ kind: 'opt_out', matched: 'stop texting' })
    expect(classifyInboundReply('Número equivocado')).toEqual({ kind: 'opt_out', matched: 'numero equivocado' })
    expect(classifyInboundReply('stop?')).toEqual({ kind: 'ambiguous', matched: 'stop' })
    expect(classifyInboundReply('Not interested')).toEqual({ kind: 'ambiguous', matched: 'not interested' })
    expect(classifyInboundReply('Info')).toEqual({ kind: 'help', matched: 'info' })
    expect(classifyInboundReply('how much?')).toEqual({ kind: 'none', matched: null })
  })
})

describe('normalization', () => {
  it('folds NFKC compatibility forms: fullwidth and mathematical letters read as ASCII', () => {
    expect(normalizeReplyText('ＳＴＯＰ')).toBe('stop')
    expect(classifyInboundReply('ＳＴＯＰ')).toEqual({ kind: 'opt_out', matched: 'stop' })
    expect(classifyInboundReply('𝐒𝐓𝐎𝐏')).toEqual({ kind: 'opt_out', matched: 'stop' })
    expect(classifyInboundReply('ＳＴＯＰ？')).toEqual({ kind: 'ambiguous', matched: 'stop' })
  })

  it('folds case and accents, so the accented and plain spellings match alike', () => {
    expect(normalizeReplyText('  NO MÁS   Mensajes ')).toBe('no mas mensajes')
    expect(classifyInboundReply('NO MÁS MENSAJES')).toEqual(classifyInboundReply('no mas mensajes'))
    expect(classifyInboundReply('Bórrame de tu lista')).toEqual({ kind: 'opt_out', matched: 'borrame de tu lista' })
  })

  it('drops apostrophes inside words and strips punctuation, symbols and emoji, collapsing whitespace', () => {
    expect(normalizeReplyText("Don't   text me!!! 🙄🙄")).toBe('dont text me')
    expect(normalizeReplyText('don’t')).toBe('dont')
    expect(normalizeReplyText('opt-out')).toBe('opt out')
    expect(normalizeReplyText('f*** off 🖕🏽')).toBe('f off')
    expect(normalizeReplyText('👍🏻\u200d')).toBe('')
  })
})
