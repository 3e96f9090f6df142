import { z } from 'zod'

/**
 * What an operator sets on a lead form, for the settings page and the API
 * alike (so this file stays free of server-only imports). The disclosure
 * text is required: it is the consent language every submission agrees to.
 */
export const LEAD_FORM_NAME_MAX = 80
export const LEAD_FORM_HEADLINE_MAX = 120
export const LEAD_FORM_INTRO_MAX = 1_000
export const LEAD_FORM_DISCLOSURE_MIN = 40
export const LEAD_FORM_DISCLOSURE_MAX = 2_000
export const LEAD_FORM_THANK_YOU_MAX = 500
export const LEAD_FORM_TAGS_MAX = 20
export const LEAD_FORM_TAG_MAX = 40

export const DEFAULT_THANK_YOU = 'Thanks! We have your details and will be in touch by text.'

export const leadFormInput = z
  .object({
    name: z.string().trim().min(1, 'Give the form a name').max(LEAD_FORM_NAME_MAX, `At most ${LEAD_FORM_NAME_MAX} characters`),
    headline: z.string().trim().min(1, 'Write the headline visitors see').max(LEAD_FORM_HEADLINE_MAX, `At most ${LEAD_FORM_HEADLINE_MAX} characters`),
    intro: z.string().trim().max(LEAD_FORM_INTRO_MAX, `At most ${LEAD_FORM_INTRO_MAX} characters`).nullable().default(null),
    disclosureText: z
      .string({ error: 'The consent disclosure is required' })
      .trim()
      .min(LEAD_FORM_DISCLOSURE_MIN, `The consent disclosure must say what the person agrees to: at least ${LEAD_FORM_DISCLOSURE_MIN} characters`)
      .max(LEAD_FORM_DISCLOSURE_MAX, `At most ${LEAD_FORM_DISCLOSURE_MAX} characters`),
    doubleOptIn: z.boolean().default(false),
    verticalId: z.uuid('Choose a vertical').nullable().default(null),
    tags: z
      .array(z.string().trim().min(1).max(LEAD_FORM_TAG_MAX, `A tag has at most ${LEAD_FORM_TAG_MAX} characters`))
      .max(LEAD_FORM_TAGS_MAX, `At most ${LEAD_FORM_TAGS_MAX} tags`)
      .default([]),
    thankYouText: z.string().trim().min(1, 'Write what visitors read after they submit').max(LEAD_FORM_THANK_YOU_MAX, `At most ${LEAD_FORM_THANK_YOU_MAX} characters`).default(DEFAULT_THANK_YOU),
    enabled: z.boolean().default(true),
  })
  .strict()

export type LeadFormInput = z.output<typeof leadFormInput>

/** The public path of a form. */
export const leadFormPath = (slug: string) => `/f/${slug}`

/** The embed snippet an operator pastes into a page: the hosted form in an iframe. */
export function leadFormEmbedSnippet(url: string, title: string) {
  const safeTitle = title.replace(/[&"<>]/g, (c) => ({ '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;' })[c]!)
  return `<iframe src="${url}" title="${safeTitle}" width="100%" height="720" style="border:0;max-width:480px" loading="lazy"></iframe>`
}
