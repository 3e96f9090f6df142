/**
 * The design tokens, one set per theme. Values are space-separated RGB
 * channels so Tailwind can add alpha (`bg-surface/95`). Components use only
 * these, through the Tailwind colors of the same names; tailwind.config.ts
 * turns them into CSS variables for `data-theme="light|dark|system"`.
 *
 * Text meets WCAG AA (4.5:1) on what it sits on, in both themes, including
 * a status color on its own tint up to 15% (`bg-success/15 text-success`,
 * the badges) and `*-foreground` on its solid color; theme.test.ts checks it.
 */
export const themes = {
  light: {
    background: '248 249 251',
    foreground: '17 24 39',
    surface: '255 255 255',
    'surface-raised': '255 255 255',
    muted: '241 243 246',
    'muted-foreground': '88 96 110',
    border: '223 227 233',
    ring: '59 91 219',
    primary: '49 80 209',
    'primary-foreground': '255 255 255',
    accent: '232 237 253',
    'accent-foreground': '35 58 160',
    danger: '184 28 44',
    'danger-foreground': '255 255 255',
    success: '18 110 60',
    warning: '146 84 0',
    'warning-foreground': '255 255 255',
  },
  dark: {
    background: '13 16 23',
    foreground: '229 232 238',
    surface: '21 25 34',
    'surface-raised': '28 33 45',
    muted: '32 38 51',
    'muted-foreground': '152 161 178',
    border: '44 51 66',
    ring: '120 150 255',
    primary: '110 140 255',
    'primary-foreground': '10 14 30',
    accent: '34 44 78',
    'accent-foreground': '190 205 255',
    danger: '250 115 122',
    'danger-foreground': '20 6 8',
    success: '70 200 120',
    warning: '240 180 60',
    'warning-foreground': '20 14 0',
  },
} as const satisfies Record<'light' | 'dark', Record<string, string>>

export type ThemeName = keyof typeof themes
export type TokenName = keyof (typeof themes)['light']

export const tokenNames = Object.keys(themes.light) as TokenName[]

/** A theme as CSS custom properties (`--surface: 255 255 255`). */
export function themeVariables(theme: ThemeName): Record<`--${string}`, string> {
  return Object.fromEntries(Object.entries(themes[theme]).map(([name, value]) => [`--${name}`, value]))
}

/** A token as the browser computes it, e.g. `rgb(248, 249, 251)`. */
export function computedColor(theme: ThemeName, token: TokenName): string {
  return `rgb(${themes[theme][token].split(' ').join(', ')})`
}
