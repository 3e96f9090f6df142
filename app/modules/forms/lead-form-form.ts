import { z } from 'zod'
import { leadFormInput } from './lead-form-input'

/**
 * The settings page's form for a lead form, as Conform reads it: tags as
 * one comma-separated field, `enabled` left to the page's own on/off button.
 */
export const leadFormForm = leadFormInput.omit({ tags: true, enabled: true }).extend({
  tags: z
    .string()
    .optional()
    .transform((value) => [...new Set((value ?? '').split(',').map((t) => t.trim()).filter(Boolean))])
    .pipe(leadFormInput.shape.tags.unwrap()),
})

export type LeadFormFormValues = z.output<typeof leadFormForm>

export const DISCLOSURE_STARTER =
  'By checking this box, I agree to receive marketing text messages from {company} at the number I entered, including messages sent with automated technology. Consent is not a condition of any purchase. Message frequency varies. Msg & data rates may apply. Reply STOP to opt out, HELP for help.'
