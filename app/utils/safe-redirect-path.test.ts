import { describe, expect, it } from 'vitest'
import { safeRedirectPath } from './safe-redirect-path'

const SITES = ['https://esd.quest', 'http://localhost:3000']

/**
 * The promise, stated on the output: a browser resolving it against our
 * origin stays there; it is a plain path (no `//` or `/\` start, nothing a
 * browser strips or rewrites); and it is a fixed point. Returns what is broken.
 */
function violations(target: string): string[] {
  const broken: string[] = []
  if (!target.startsWith('/')) broken.push('not a path')
  if (/^\/[/\\]/.test(target)) broken.push('starts with // or /\\')
  if (/[\u0000-\u001f\u007f\\]/.test(target)) broken.push('has a character browsers strip or rewrite')
  for (const site of SITES) if (new URL(target, site).origin !== site) broken.push(`leaves ${site}`)
  if (safeRedirectPath(target, '/home') !== target) broken.push('not a fixed point')
  return broken
}

/** Values that try to leave the site, by kind. Each must come back as the fallback. */
const hostile: [string, string][] = [
  ['protocol-relative', '//evil.com'],
  ['three slashes', '///evil.com'],
  ['four slashes', '////evil.com'],
  ['dot segment, then //', '/.//evil.com'],
  ['two dot segments, then //', '/././/evil.com'],
  ['parent segment, then //', '/..//evil.com'],
  ['segment and parent, then //', '/a/..//evil.com'],
  ['deeper parents, then //', '/a/b/../..//evil.com'],
  ['percent-encoded dot, then //', '/%2e//evil.com'],
  ['percent-encoded upper-case dot, then //', '/%2E//evil.com'],
  ['percent-encoded parent, then //', '/%2e%2e//evil.com'],
  ['mixed-encoding parent, then //', '/.%2E//evil.com'],
  ['segment and encoded parent, then //', '/a/%2E%2E//evil.com'],
  ['backslash', '/\\evil.com'],
  ['two backslashes', '\\\\evil.com'],
  ['dot segment, then backslash', '/.\\/evil.com'],
  ['backslash further on', '/a\\..\\\\evil.com'],
  ['tab (`/%09/evil.com` once decoded)', '/\t/evil.com'],
  ['tab after a dot segment', '/.\t//evil.com'],
  ['newline', '/\n/evil.com'],
  ['carriage return', '/\r/evil.com'],
  ['NUL', '/\u0000/evil.com'],
  ['absolute URL', 'https://evil.com'],
  ['mixed-case scheme', 'HtTpS://evil.com'],
  ['scheme-relative with mixed case', 'hTtP:evil.com'],
  ['javascript: URL', 'javascript:alert(1)'],
  ['mixed-case javascript: URL', 'JaVaScRiPt:alert(1)'],
  ['data: URL', 'data:text/html,<script>alert(1)</script>'],
  ['relative path', 'dashboard'],
  ['percent-encoded leading slash', '%2F%2Fevil.com'],
  ['empty string', ''],
]

describe('safeRedirectPath', () => {
  it('keeps a path on this site, with its query and fragment', () => {
    expect(safeRedirectPath('/dashboard?x=1', '/home')).toBe('/dashboard?x=1')
    expect(safeRedirectPath('/audit?action=passkey.registered#latest', '/home')).toBe('/audit?action=passkey.registered#latest')
  })

  it('keeps `//` where it cannot name a host: inside the path, the query or the fragment', () => {
    expect(safeRedirectPath('/leads//42', '/home')).toBe('/leads//42')
    expect(safeRedirectPath('/dashboard?next=//evil.com', '/home')).toBe('/dashboard?next=//evil.com')
    expect(safeRedirectPath('/dashboard#//evil.com', '/home')).toBe('/dashboard#//evil.com')
  })

  it.each(hostile)('falls back for a %s', (_name, value) => {
    expect(safeRedirectPath(value, '/home')).toBe('/home')
  })

  it('falls back for anything but a string', () => {
    expect(safeRedirectPath(undefined, '/home')).toBe('/home')
    expect(safeRedirectPath(null, '/home')).toBe('/home')
    expect(safeRedirectPath(['/dashboard'], '/home')).toBe('/home')
    expect(safeRedirectPath(undefined)).toBe('/')
  })

  it('returns only values a browser keeps on this site, and returns them unchanged when asked again', () => {
    const others = ['/%09/evil.com', '/%2F%2Fevil.com', '/%2f/evil.com', '/%5C%5Cevil.com', '/../evil.com', '/\u00a0/evil.com', '/@evil.com', '/ /evil.com']
    for (const value of [...hostile.map(([, v]) => v), ...others]) {
      const target = safeRedirectPath(value, '/home')
      expect({ value, target, broken: violations(target) }).toEqual({ value, target, broken: [] })
    }
  })

  it('holds for every combination of slashes, dot segments and their encodings, in every position', () => {
    const pieces = ['/', '//', '\\', '.', '..', '%2e', '%2E%2e', '%2f', '%5c', '\t', ' ', '@', 'evil.com', 'a', '?', '#']
    let checked = 0
    const failures: { value: string; target: string; broken: string[] }[] = []
    const walk = (value: string, depth: number) => {
      const target = safeRedirectPath(value, '/home')
      const broken = violations(target)
      if (broken.length > 0) failures.push({ value, target, broken })
      checked++
      if (depth > 0) for (const piece of pieces) walk(value + piece, depth - 1)
    }
    walk('/', 4)
    expect(checked).toBeGreaterThan(pieces.length ** 4)
    expect(failures.slice(0, 5)).toEqual([])
  })
})
