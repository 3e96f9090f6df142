import { describe, expect, it } from 'vitest'
import { contrastRatio, over, rgb } from '../../tests/support/contrast'
import { themes, type ThemeName, type TokenName } from './theme'

/** WCAG 2.1 AA for normal-size text; badges and hints are small. */
const AA = 4.5

/** Text tokens and what the components paint them on (alpha = a tint of the text's own color). */
const pairs: { text: TokenName; on: TokenName; tint?: number; over?: TokenName }[] = [
  { text: 'foreground', on: 'background' },
  { text: 'foreground', on: 'surface' },
  { text: 'foreground', on: 'muted' },
  { text: 'muted-foreground', on: 'background' },
  { text: 'muted-foreground', on: 'surface' },
  { text: 'muted-foreground', on: 'muted' },
  { text: 'primary', on: 'surface' },
  { text: 'primary', on: 'background' },
  { text: 'primary-foreground', on: 'primary' },
  { text: 'accent-foreground', on: 'accent' },
  { text: 'danger', on: 'surface' },
  { text: 'danger-foreground', on: 'danger' },
  { text: 'warning', on: 'surface' },
  { text: 'warning', on: 'background' },
  { text: 'warning-foreground', on: 'warning' },
  { text: 'success', on: 'surface' },
  // Badges (`bg-success/15 text-success`) and form messages (`/10`), on a card or the page.
  ...(['success', 'warning', 'danger'] as const).flatMap((tone) =>
    [0.1, 0.15].flatMap((tint) =>
      (['surface', 'background'] as const).map((base) => ({ text: tone, on: tone, tint, over: base })),
    ),
  ),
]

describe.each(Object.keys(themes) as ThemeName[])('the %s theme', (theme) => {
  const token = (name: TokenName) => rgb(themes[theme][name])

  it.each(pairs.map((pair) => [`${pair.text} on ${pair.on}${pair.tint ? `/${pair.tint * 100} over ${pair.over}` : ''}`, pair] as const))(
    '%s reaches 4.5:1',
    (_, pair) => {
      const background = pair.tint ? over(token(pair.on), pair.tint, token(pair.over!)) : token(pair.on)
      expect(contrastRatio(token(pair.text), background)).toBeGreaterThanOrEqual(AA)
    },
  )
})
