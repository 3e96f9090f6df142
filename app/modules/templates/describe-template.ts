import { lintTemplate, type LintIssue } from './lint-template'
import { measureSms } from './sms-segments'
import { countVariants, longestRendering, MERGE_FIELDS, renderVariant, type MergeFieldKey } from './template-syntax'

export type TemplateFacts = {
  /** `mms` when it sends an image: one MMS per message, billed as one, however long. */
  kind: 'sms' | 'mms'
  /** How many different messages the spintax can make. */
  variants: number
  /**
   * The costliest variant with sample values (most segments, then most characters): what a message of it costs at
   * most. An MMS is one message whatever its text: its `segments` is 1.
   */
  longest: { text: string; encoding: 'GSM-7' | 'UCS-2'; segments: number; characters: number }
  lint: LintIssue[]
}

const SAMPLE_VALUES = Object.fromEntries(MERGE_FIELDS.map((f) => [f.key, f.sample])) as Record<MergeFieldKey, string>

/** Beyond this many variants the longest text stands in for the costliest one. */
const MAX_VARIANTS_MEASURED = 256

/**
 * The variant billed the most segments, with sample values: a shorter option
 * with a curly quote can cost more than a longer plain one. Every variant up
 * to MAX_VARIANTS_MEASURED, else the longest.
 */
function costliestVariant(body: string) {
  const variants = countVariants(body)
  const longest = longestRendering(body, SAMPLE_VALUES).text
  let best = { text: longest, measured: measureSms(longest) }
  if (variants > MAX_VARIANTS_MEASURED) return best
  for (let i = 0; i < variants; i++) {
    const text = renderVariant(body, SAMPLE_VALUES, i).text
    const measured = measureSms(text)
    if (measured.segments > best.measured.segments || (measured.segments === best.measured.segments && measured.characters > best.measured.characters)) best = { text, measured }
  }
  return best
}

/**
 * What an operator needs to know about a body while writing it and before
 * using it: its variants, the segments of its longest message and the
 * compliance lint. Pure and browser-safe: the editor shows the same figures
 * the server stores and the API answers.
 */
export function describeTemplate(body: string, options: { firstContact: boolean; organizationName?: string | null; mms?: boolean }): TemplateFacts {
  const { text: longest, measured } = costliestVariant(body)
  return {
    kind: options.mms ? 'mms' : 'sms',
    variants: countVariants(body),
    longest: { text: longest, encoding: measured.encoding, segments: options.mms ? 1 : measured.segments, characters: measured.characters },
    lint: lintTemplate(body, options),
  }
}
