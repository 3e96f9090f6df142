import { z } from 'zod'
import { parseTemplate } from './template-syntax'

export const TEMPLATE_NAME_MAX = 80
/** Ten segments of GSM-7: longer messages are split by carriers into parts that may arrive out of order. */
export const TEMPLATE_BODY_MAX = 1_600

/**
 * A template as an operator or the API gives it: a name, a body whose
 * merge fields and spintax parse (template-syntax.ts), and whether it is a
 * first contact (the lint asks more of those), and the image that makes it an
 * MMS, if it has one. Browser-safe: the editor
 * validates with it too.
 */
export const templateInput = z
  .object({
    name: z.string().trim().min(1, 'Give the template a name.').max(TEMPLATE_NAME_MAX, `At most ${TEMPLATE_NAME_MAX} characters.`),
    body: z
      .string()
      .trim()
      .min(1, 'Write the message.')
      .max(TEMPLATE_BODY_MAX, `At most ${TEMPLATE_BODY_MAX.toLocaleString('en-US')} characters.`)
      .superRefine((body, ctx) => {
        for (const error of parseTemplate(body).errors) ctx.addIssue({ code: 'custom', message: error.message })
      }),
    firstContact: z.boolean(),
    /** The image that makes it an MMS (POST /api/v1/media answers its id); null or absent: an SMS template. */
    mediaId: z.uuid('Not a media id.').nullable().optional(),
  })
  .strict()

export type TemplateInput = z.infer<typeof templateInput>
