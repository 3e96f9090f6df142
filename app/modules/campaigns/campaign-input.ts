import { z } from 'zod'
import { clockMinutes, isTimeZone } from './campaign-schedule'

export const CAMPAIGN_NAME_MAX = 80
export const MAX_CAMPAIGN_TEMPLATES = 5
export const MAX_THROTTLE_PER_MINUTE = 6_000
export const MAX_JITTER_SECONDS = 3_600
export const DEFAULT_SCHEDULE = { days: [1, 2, 3, 4, 5], windowStart: '10:00', windowEnd: '18:00', timeZone: 'America/Chicago' } as const

const clock = z.string().refine((value) => clockMinutes(value) !== null, 'A time as HH:MM (24-hour).')
const zone = z.string().refine(isTimeZone, 'A time zone such as America/Chicago.')
const optionalInstant = z.iso
  .datetime({ offset: true, message: 'A date and time with its offset, e.g. 2026-12-01T15:00:00Z.' })
  .nullable()
  .default(null)
  .transform((value) => (value ? new Date(value) : null))

/** A schedule: its days (0 = Sunday), a daily window in its time zone, and a throttle. Shared by campaigns and crusades. */
export const scheduleInput = z.object({
  days: z
    .array(z.int().min(0).max(6))
    .min(1, 'Choose at least one day.')
    .max(7)
    .transform((days) => [...new Set(days)].sort((a, b) => a - b)),
  windowStart: clock,
  windowEnd: clock,
  timeZone: zone,
  throttlePerMinute: z.int().min(1, 'At least 1 a minute.').max(MAX_THROTTLE_PER_MINUTE, `At most ${MAX_THROTTLE_PER_MINUTE.toLocaleString('en-US')} a minute.`),
})

const windowOrder = (value: { windowStart: string; windowEnd: string }) => clockMinutes(value.windowEnd)! > clockMinutes(value.windowStart)!
const WINDOW_ORDER = { message: 'The window must end after it starts (same day).', path: ['windowEnd'] }

/**
 * A campaign as an operator or the API gives it (a draft's whole state).
 * Its audience is a saved lead filter, copied when saved; its schedule and
 * throttle are its crusade's when it is in one. Browser-safe.
 */
export const campaignInput = z
  .object({
    name: z.string().trim().min(1, 'Give the campaign a name.').max(CAMPAIGN_NAME_MAX, `At most ${CAMPAIGN_NAME_MAX} characters.`),
    purpose: z.enum(['marketing', 'informational']).default('marketing'),
    savedFilterId: z.uuid('Choose a saved lead filter.'),
    verticalId: z.uuid().nullable().default(null),
    templateIds: z
      .array(z.uuid())
      .min(1, 'Choose at least one template.')
      .max(MAX_CAMPAIGN_TEMPLATES, `At most ${MAX_CAMPAIGN_TEMPLATES} templates.`)
      .refine((ids) => new Set(ids).size === ids.length, 'A template is chosen twice.'),
    senderNumberIds: z.array(z.uuid()).max(1_000).default([]),
    carrierAccountIds: z.array(z.uuid()).max(100).default([]),
    senderName: z.string().trim().max(40).nullable().default(null),
    crusadeId: z.uuid().nullable().default(null),
    ...scheduleInput.shape,
    startsAt: optionalInstant,
    endsAt: optionalInstant,
    jitterSeconds: z.int().min(0).max(MAX_JITTER_SECONDS).default(0),
    pauseFilteredPercent: z.number().min(0.1).max(100).default(2),
    pauseFailedPercent: z.number().min(0.1).max(100).default(10),
  })
  .strict()
  .refine(windowOrder, WINDOW_ORDER)
  .refine((value) => !value.startsAt || !value.endsAt || value.endsAt > value.startsAt, { message: 'The end must come after the start.', path: ['endsAt'] })

export type CampaignInput = z.output<typeof campaignInput>

export const crusadeInput = z
  .object({
    name: z.string().trim().min(1, 'Give the crusade a name.').max(CAMPAIGN_NAME_MAX, `At most ${CAMPAIGN_NAME_MAX} characters.`),
    ...scheduleInput.shape,
  })
  .strict()
  .refine(windowOrder, WINDOW_ORDER)

export type CrusadeInput = z.output<typeof crusadeInput>
