/** WCAG 2.1 contrast of colors given as RGB channels (`[r, g, b]`, 0–255). */

export type Rgb = readonly [number, number, number]

function channel(value: number) {
  const c = value / 255
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
}

function luminance([r, g, b]: Rgb) {
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

export function contrastRatio(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (light + 0.05) / (dark + 0.05)
}

/** `color` at `alpha` painted over `base`, as the browser composites it. */
export function over(color: Rgb, alpha: number, base: Rgb): Rgb {
  return color.map((c, i) => c * alpha + base[i]! * (1 - alpha)) as unknown as Rgb
}

/** `'17 24 39'` (a theme token) or `#3150d1`. */
export function rgb(value: string): Rgb {
  if (value.startsWith('#')) return [1, 3, 5].map((i) => parseInt(value.slice(i, i + 2), 16)) as unknown as Rgb
  return value.split(' ').map(Number) as unknown as Rgb
}
