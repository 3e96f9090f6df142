import { describe, expect, it } from 'vitest'
import { classifyReplyIntent } from './classify-reply-intent'

describe('classifyReplyIntent', () => {
  it.each([
    'Yes',
    'yes!',
    'Interested',
    "I'm interested, call me",
    'Call me tomorrow after 5',
    'How much?',
    'how much would you pay',
    'Make me an offer',
    'Send me an offer',
    "What's your offer?",
    'what would you offer for it',
    'Maybe, depends on the price',
    'Tell me more',
    "I'd be open to it. Let's talk",
    'Thinking about selling next year',
    'Sí, me interesa',
    '¿Cuánto?',
    'Sure',
  ])('reads %j as positive', (body) => {
    expect(classifyReplyIntent(body).intent).toBe('positive')
  })

  it.each([
    'Not interested',
    'not really interested, thanks',
    'No thanks',
    'No',
    'nope',
    'Wrong number',
    'wrong person, I sold that house',
    "I don't own that property",
    'Already sold it',
    'never sell. how much did you say? doesnt matter',
    'Not interested, how much would you even pay lol',
    'Who is this?',
    'No me interesa',
  ])('reads %j as negative', (body) => {
    expect(classifyReplyIntent(body).intent).toBe('negative')
  })

  it.each([
    'STOP',
    'stop',
    'Stop texting me, not interested',
    'Yes STOP',
    'unsubscribe',
    'Interested but please stop texting me',
    'call me? no. remove me from your list',
    'START',
    'HELP',
    'how much? STOP',
  ])('never reads the opt-out, opt-in or help %j as positive', (body) => {
    expect(classifyReplyIntent(body).intent).not.toBe('positive')
  })

  it.each(['', '   ', 'ok', 'Who?', 'thanks', '👍', 'It is a nice day', 'The roof leaks'])('reads %j as neutral', (body) => {
    expect(classifyReplyIntent(body).intent).toBe('neutral')
  })

  it('says which phrase decided it', () => {
    expect(classifyReplyIntent('Sounds good, call me at 5')).toEqual({ intent: 'positive', matched: 'call me' })
    expect(classifyReplyIntent('NOT INTERESTED')).toEqual({ intent: 'negative', matched: 'not interested' })
  })
})
