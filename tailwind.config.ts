import type { Config } from 'tailwindcss'
import plugin from 'tailwindcss/plugin'
import { themeVariables, tokenNames } from './app/styles/theme'

const token = (name: string) => `rgb(var(--${name}) / <alpha-value>)`

/**
 * The theme tokens as CSS variables: light by default, dark when chosen, and
 * "system" following prefers-color-scheme. One source (app/styles/theme.ts),
 * so the dark values are written once although two selectors use them.
 */
const themeTokens = plugin(({ addBase }) => {
  const dark = { colorScheme: 'dark', ...themeVariables('dark') }
  addBase({
    ":root, [data-theme='light']": { colorScheme: 'light', ...themeVariables('light'), '--radius': '0.5rem' },
    "[data-theme='dark']": dark,
    '@media (prefers-color-scheme: dark)': { "[data-theme='system']": dark },
  })
})

export default {
  content: ['./app/**/*.{ts,tsx}'],
  darkMode: ['selector', '[data-theme="dark"]'],
  theme: {
    extend: {
      colors: Object.fromEntries(tokenNames.map((name) => [name, token(name)])),
      borderRadius: { DEFAULT: 'var(--radius)', lg: 'calc(var(--radius) + 4px)' },
      fontFamily: {
        sans: ['Inter', 'ui-sans-serif', 'system-ui', '-apple-system', 'Segoe UI', 'Roboto', 'sans-serif'],
        mono: ['ui-monospace', 'SFMono-Regular', 'Menlo', 'monospace'],
      },
      keyframes: {
        'fade-in': { from: { opacity: '0' }, to: { opacity: '1' } },
        'slide-in-left': { from: { transform: 'translateX(-100%)' }, to: { transform: 'translateX(0)' } },
      },
      animation: {
        'fade-in': 'fade-in 150ms ease-out',
        'slide-in-left': 'slide-in-left 200ms ease-out',
      },
    },
  },
  plugins: [themeTokens],
} satisfies Config
