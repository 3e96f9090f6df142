import { z } from 'zod'

/**
 * The GoHighLevel settings form (Settings › GoHighLevel), shared by the page
 * and the module that saves it. The token may be left empty once one is
 * saved: the saved one stays (it is never sent back to the browser).
 */

export const GHL_TAGS_MAX = 10
export const GHL_TAG_MAX_LENGTH = 50

const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean())

export const ghlTagsInput = z
  .string()
  .max(600)
  .optional()
  .transform((v) => [...new Set((v ?? '').split(',').map((t) => t.trim()).filter((t) => t !== ''))])
  .pipe(
    z
      .array(z.string().max(GHL_TAG_MAX_LENGTH, `A tag is at most ${GHL_TAG_MAX_LENGTH} characters.`))
      .max(GHL_TAGS_MAX, `At most ${GHL_TAGS_MAX} tags.`),
  )

export const ghlSettingsSchema = z.object({
  intent: z.literal('save'),
  token: z
    .string()
    .trim()
    .max(500)
    .optional()
    .refine((v) => v === undefined || /^\S{10,500}$/.test(v), 'Paste the whole Private Integration token (no spaces).'),
  locationId: z
    .string({ error: 'Enter the Location ID.' })
    .trim()
    .regex(/^[A-Za-z0-9_-]{4,100}$/, 'A Location ID is letters and digits (Settings › Business Profile in GoHighLevel).'),
  inboundWebhookUrl: z
    .string()
    .trim()
    .max(2000)
    .optional()
    .refine((v) => v === undefined || URL.canParse(v), 'Enter the whole URL of the workflow’s Inbound Webhook trigger, or leave it empty.'),
  tags: ghlTagsInput,
  enabled: checkbox,
  pushOnPositiveReply: checkbox,
})

export type GhlSettingsInput = z.output<typeof ghlSettingsSchema>

export const ghlActionSchema = z.discriminatedUnion('intent', [
  ghlSettingsSchema,
  z.object({ intent: z.literal('test') }),
])
