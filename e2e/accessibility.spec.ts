import AxeBuilder from '@axe-core/playwright'
import { expect, test, visitEveryPage, type ColorScheme, type Screen } from './page-visits'

/**
 * Every page (e2e/pages.ts), signed out and signed in, in both color schemes
 * on a desktop and a phone screen, with its menus and dialogs open in turn:
 * axe finds no WCAG 2.1 A or AA violation. One test per screen, walking all
 * pages in one browser context per visitor and checking each page (and each
 * open menu or dialog) in the light scheme, then switched to the dark one.
 */

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

const COLOR_SCHEMES = ['light', 'dark'] as const satisfies readonly ColorScheme[]

for (const screen of ['desktop', 'phone'] as const satisfies readonly Screen[]) {
  test(`every page meets WCAG 2.1 AA on a ${screen} screen, in the light and the dark scheme`, async ({ browser, baseURL, pageData }) => {
    // About 50 page visits per screen, each checked in two schemes with its menus and dialogs open in turn: on a
    // 2-core machine, with the other screen's walk beside it, that passed 8 minutes once the API pages came.
    test.setTimeout(900_000)
    const violations: string[] = []
    await visitEveryPage({
      browser,
      baseURL: baseURL!,
      seeded: pageData,
      screen,
      colorSchemes: COLOR_SCHEMES,
      check: async (page, label) => {
        // options() replaces what withTags() set, so it comes first.
        const results = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).withTags(WCAG_21_AA).analyze()
        for (const violation of results.violations) {
          const nodes = violation.nodes.map((node) => `    ${node.target.join(' ')}: ${node.failureSummary?.replace(/\s+/g, ' ')}`)
          violations.push(`${label}: ${violation.id} (${violation.impact}) ${violation.help}\n${nodes.join('\n')}`)
        }
      },
    })
    expect(violations.join('\n\n')).toBe('')
  })
}
