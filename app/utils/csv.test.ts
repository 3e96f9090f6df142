import { describe, expect, it } from 'vitest'
import { csvCell, csvRow } from './csv'

describe('csv', () => {
  it('leaves plain values alone and writes empty cells for null', () => {
    expect(csvRow(['user.invited', 42, true, null, undefined, ''])).toBe('user.invited,42,true,,,\r\n')
  })

  it('quotes fields holding quotes, commas or line breaks, doubling inner quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"')
  })

  it('neutralizes cells a spreadsheet would evaluate', () => {
    expect(csvCell('=1+1')).toBe("'=1+1")
    expect(csvCell('+4155550100')).toBe("'+4155550100")
    expect(csvCell('-2')).toBe("'-2")
    expect(csvCell('@SUM(A1:A2)')).toBe("'@SUM(A1:A2)")
    expect(csvCell('\t=cmd')).toBe("'\t=cmd")
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`)
    expect(csvCell('a=b')).toBe('a=b')
  })
})
