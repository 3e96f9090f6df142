import AxeBuilder from '@axe-core/playwright'
import { expect, test, visitEveryPage, type ColorScheme, type Screen } from './page-visits'

/**
 * Every page (e2e/pages.ts), signed out and signed in, in both color schemes
 * on a desktop and a phone screen, with its menus and dialogs open in turn:
 * axe finds no WCAG 2.1 A or AA violation. One test per screen and scheme,
 * each walking all pages in one browser context per visitor.
 */

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

for (const screen of ['desktop', 'phone'] as const satisfies readonly Screen[]) {
  for (const colorScheme of ['light', 'dark'] as const satisfies readonly ColorScheme[]) {
    test(`every page meets WCAG 2.1 AA on a ${screen} screen in the ${colorScheme} scheme`, async ({ browser, baseURL, pageData }) => {
      test.setTimeout(240_000)
      const violations: string[] = []
      await visitEveryPage({
        browser,
        baseURL: baseURL!,
        seeded: pageData,
        screen,
        colorScheme,
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
}
