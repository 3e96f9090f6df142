import { describe, expect, it } from 'vitest'
import { compileKeyExpression, KeyExpressionError } from './key-expression.server'

const event = { name: 'import/requested', data: { importFileId: 'f-1', account: { id: 42 }, sender: '+15550100', active: true } }

describe('flow-control key expressions', () => {
  it('reads property paths on the event', () => {
    expect(compileKeyExpression('event.data.importFileId').evaluate(event)).toBe('f-1')
    expect(compileKeyExpression('event.data.account.id').evaluate(event)).toBe('42')
    expect(compileKeyExpression('event.name').evaluate(event)).toBe('import/requested')
  })

  it('joins paths and string literals with +', () => {
    expect(compileKeyExpression('event.data.sender + "-" + event.data.account.id').evaluate(event)).toBe('+15550100-42')
    expect(compileKeyExpression(`'ai'`).evaluate(event)).toBe('ai')
    expect(compileKeyExpression('"a\\"b" + event.data.active').evaluate(event)).toBe('a"btrue')
  })

  it('gives one shared (empty) value to events without the property, and never reads inherited ones', () => {
    expect(compileKeyExpression('event.data.missing').evaluate(event)).toBe('')
    expect(compileKeyExpression('event.data.importFileId.length').evaluate(event)).toBe('')
    expect(compileKeyExpression('event.data.constructor').evaluate(event)).toBe('')
  })

  it.each([
    ['event.data.count > 5'],
    ['event.data.ids[0]'],
    ['event.data["id"]'],
    ['size(event.data.ids)'],
    ['user.id'],
    ['event'],
    ['event.data.a +'],
    ['"unterminated'],
    [''],
  ])('refuses what it does not evaluate: %s', (source) => {
    expect(() => compileKeyExpression(source)).toThrowError(KeyExpressionError)
  })
})
