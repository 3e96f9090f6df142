import { describe, expect, it } from 'vitest'
import { safeRedirectPath } from './safe-redirect-path'

const SITE = 'https://esd.quest'

describe('safeRedirectPath', () => {
  it('keeps a path on this site, with its query and fragment', () => {
    expect(safeRedirectPath('/dashboard?x=1', '/home')).toBe('/dashboard?x=1')
    expect(safeRedirectPath('/audit?action=passkey.registered#latest', '/home')).toBe('/audit?action=passkey.registered#latest')
  })

  it.each([
    ['protocol-relative', '//evil.com'],
    ['backslash', '/\\evil.com'],
    ['backslash further on', '/a\\..\\\\evil.com'],
    ['tab (`/%09/evil.com` once decoded)', '/\t/evil.com'],
    ['newline', '/\n/evil.com'],
    ['carriage return', '/\r/evil.com'],
    ['NUL', '/\u0000/evil.com'],
    ['absolute URL', 'https://evil.com'],
    ['javascript: URL', 'javascript:alert(1)'],
    ['relative path', 'dashboard'],
    ['empty string', ''],
  ])('falls back for a %s', (_name, value) => {
    expect(safeRedirectPath(value, '/home')).toBe('/home')
  })

  it('falls back for anything but a string', () => {
    expect(safeRedirectPath(undefined, '/home')).toBe('/home')
    expect(safeRedirectPath(null, '/home')).toBe('/home')
    expect(safeRedirectPath(['/dashboard'], '/home')).toBe('/home')
    expect(safeRedirectPath(undefined)).toBe('/')
  })

  it('never returns something a browser would resolve to another site', () => {
    const hostile = ['/%09/evil.com', '/%2F%2Fevil.com', '/./\t/evil.com', '/../evil.com', '/\u00a0/evil.com', '/@evil.com', '/ /evil.com']
    for (const value of hostile) {
      const target = safeRedirectPath(value, '/home')
      expect(target.startsWith('/') && !target.startsWith('//'), value).toBe(true)
      expect(new URL(target, SITE).origin, value).toBe(SITE)
    }
  })
})
