import { lintTemplate, type LintIssue } from './lint-template'
import { measureSms } from './sms-segments'
import { countVariants, longestRendering, MERGE_FIELDS, type MergeFieldKey } from './template-syntax'

export type TemplateFacts = {
  /** How many different messages the spintax can make. */
  variants: number
  /** The longest variant with sample values: what a message of it costs at most. */
  longest: { text: string; encoding: 'GSM-7' | 'UCS-2'; segments: number; characters: number }
  lint: LintIssue[]
}

const SAMPLE_VALUES = Object.fromEntries(MERGE_FIELDS.map((f) => [f.key, f.sample])) as Record<MergeFieldKey, string>

/**
 * What an operator needs to know about a body while writing it and before
 * using it: its variants, the segments of its longest message and the
 * compliance lint. Pure and browser-safe: the editor shows the same figures
 * the server stores and the API answers.
 */
export function describeTemplate(body: string, options: { firstContact: boolean; organizationName?: string | null }): TemplateFacts {
  const longest = longestRendering(body, SAMPLE_VALUES).text
  const measured = measureSms(longest)
  return {
    variants: countVariants(body),
    longest: { text: longest, encoding: measured.encoding, segments: measured.segments, characters: measured.characters },
    lint: lintTemplate(body, options),
  }
}
