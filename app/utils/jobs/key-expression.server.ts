/**
 * The part of Inngest's key expressions (CEL) that flow-control keys are
 * written in: property paths on `event` (`event.data.importFileId`), string
 * literals (`"openai"`) and `+` between them
 * (`event.data.userId + "-" + event.data.accountId`). Anything else is
 * refused when the function is loaded, never guessed at run time.
 *
 * Unlike CEL, a missing property evaluates to the empty string (so every
 * event without it shares one key: the stricter reading), and numbers and
 * booleans join a concatenation as their text.
 */

export class KeyExpressionError extends Error {
  override name = 'KeyExpressionError'
}

export type KeyExpression = {
  source: string
  evaluate(event: { name: string; data: unknown; user?: unknown; id?: string; ts?: number }): string
}

type Term = { kind: 'path'; path: string[] } | { kind: 'literal'; value: string }

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*/

function readString(source: string, start: number): { value: string; end: number } {
  const quote = source[start]!
  let value = ''
  for (let i = start + 1; i < source.length; i++) {
    const char = source[i]!
    if (char === '\\') {
      const next = source[i + 1]
      if (next === undefined || !'\\"\''.includes(next)) throw new KeyExpressionError(`unsupported escape in ${source}`)
      value += next
      i++
    } else if (char === quote) {
      return { value, end: i + 1 }
    } else {
      value += char
    }
  }
  throw new KeyExpressionError(`unterminated string in ${source}`)
}

function readPath(source: string, start: number): { path: string[]; end: number } {
  const path: string[] = []
  let i = start
  for (;;) {
    const match = IDENTIFIER.exec(source.slice(i))
    if (!match) throw new KeyExpressionError(`expected a property name at position ${i} of ${source}`)
    path.push(match[0])
    i += match[0].length
    if (source[i] !== '.') break
    i++
  }
  if (path[0] !== 'event' || path.length < 2) {
    throw new KeyExpressionError(`only paths on "event" (event.data.…) are supported, not ${path.join('.')}`)
  }
  return { path: path.slice(1), end: i }
}

function parse(source: string): Term[] {
  const terms: Term[] = []
  let i = 0
  let expectTerm = true
  while (i < source.length) {
    const char = source[i]!
    if (/\s/.test(char)) {
      i++
      continue
    }
    if (expectTerm) {
      if (char === '"' || char === "'") {
        const { value, end } = readString(source, i)
        terms.push({ kind: 'literal', value })
        i = end
      } else if (IDENTIFIER.test(source.slice(i))) {
        const { path, end } = readPath(source, i)
        terms.push({ kind: 'path', path })
        i = end
      } else {
        throw new KeyExpressionError(`unexpected "${char}" at position ${i} of ${source}`)
      }
      expectTerm = false
    } else {
      if (char !== '+') throw new KeyExpressionError(`only + may join terms; found "${char}" at position ${i} of ${source}`)
      i++
      expectTerm = true
    }
  }
  if (terms.length === 0 || expectTerm) throw new KeyExpressionError(`incomplete expression: ${source}`)
  return terms
}

function text(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  return JSON.stringify(value) ?? ''
}

/** Compiles `source`, or throws a KeyExpressionError saying what is not supported. */
export function compileKeyExpression(source: string): KeyExpression {
  const terms = parse(source)
  return {
    source,
    evaluate(event) {
      return terms
        .map((term) => {
          if (term.kind === 'literal') return term.value
          let value: unknown = event
          for (const key of term.path) {
            value = value !== null && typeof value === 'object' && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined
          }
          return text(value)
        })
        .join('')
    },
  }
}
