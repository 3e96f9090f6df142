import { describe, expect, it } from 'vitest'
import { splitLinks } from './linkified-text'

describe('splitLinks', () => {
  it('finds every http(s) link and keeps the text around it', () => {
    expect(splitLinks('Open https://app.example.test/recover?token=a-b_c to continue.\nOr http://x.test')).toEqual([
      { type: 'text', value: 'Open ' },
      { type: 'link', href: 'https://app.example.test/recover?token=a-b_c' },
      { type: 'text', value: ' to continue.\nOr ' },
      { type: 'link', href: 'http://x.test' },
    ])
  })

  it('leaves sentence punctuation out of a link', () => {
    expect(splitLinks('Go to https://app.example.test/invite/abc.')).toEqual([
      { type: 'text', value: 'Go to ' },
      { type: 'link', href: 'https://app.example.test/invite/abc' },
      { type: 'text', value: '.' },
    ])
    expect(splitLinks('(https://x.test/a)')).toEqual([
      { type: 'text', value: '(' },
      { type: 'link', href: 'https://x.test/a' },
      { type: 'text', value: ')' },
    ])
  })

  it('does not link other schemes', () => {
    expect(splitLinks('javascript:alert(1) ftp://x.test')).toEqual([{ type: 'text', value: 'javascript:alert(1) ftp://x.test' }])
  })
})
