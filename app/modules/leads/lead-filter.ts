import { z } from 'zod'
import { CONSENT_STANDINGS } from '~/modules/compliance/consent-rules'

export const LEAD_STATUSES = ['new', 'contacted', 'replied', 'qualified', 'closed'] as const
export type LeadStatusName = (typeof LEAD_STATUSES)[number]

/** A comma-separated list in a query string, or an array in JSON: the same list. */
const list = <T extends z.ZodType>(item: T, max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value),
    z.array(item).max(max),
  )

const optionalText = (max: number) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), z.string().trim().max(max).optional())

const optionalInt = (min: number, max: number) =>
  z.preprocess((value) => (value === '' || value === null ? undefined : value), z.coerce.number().int().min(min).max(max).optional())

/**
 * Which leads of an organization: every condition must hold. Browser-safe:
 * the leads page builds its query string from it, the API validates with it,
 * saved filters store what it outputs.
 */
export const leadFilter = z
  .object({
    /** Fuzzy: the owner's name or the property's street line, typos allowed (pg_trgm word similarity); 3 characters or more. */
    q: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().min(3, 'Search with 3 characters or more.').max(100).optional()),
    status: list(z.enum(LEAD_STATUSES), LEAD_STATUSES.length).optional(),
    grade: list(z.string().trim().min(1).max(8), 10).optional(),
    verticalId: z.preprocess((v) => (v === '' ? undefined : v), z.uuid().optional()),
    state: z.preprocess((v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim().toUpperCase()) : v), z.string().regex(/^[A-Z]{2}$/, 'A two-letter state code.').optional()),
    city: optionalText(80),
    zip: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().regex(/^\d{5}$/, 'A five-digit ZIP code.').optional()),
    tag: optionalText(60),
    /** Only leads with a number that is not known to be a landline. */
    hasMobile: z.preprocess((v) => (v === 'true' || v === true ? true : v === 'false' || v === false ? false : undefined), z.boolean().optional()),
    importFileId: z.preprocess((v) => (v === '' ? undefined : v), z.uuid().optional()),
    yearBuiltMin: optionalInt(1600, 2100),
    yearBuiltMax: optionalInt(1600, 2100),
    equityPercentMin: optionalInt(0, 100),
    /** Texted (any of its numbers, any vertical) in the last N days. */
    contactedWithinDays: optionalInt(1, 3650),
    /** Not texted in the last N days: never, or longer ago. */
    notContactedForDays: optionalInt(1, 3650),
    /**
     * What is recorded in force for the lead's send number (lead-send-phone-sql.ts, the number a campaign texts), any of
     * these (consent-rules.ts `consentStandings`). A lead without a send number matches none, `clear` included.
     */
    consent: list(z.enum(CONSENT_STANDINGS), CONSENT_STANDINGS.length).optional(),
  })
  .strip()

export type LeadFilter = z.output<typeof leadFilter>

/** The filter's conditions that are set, for a query string (the page's links keep them). */
export function leadFilterParams(filter: LeadFilter): URLSearchParams {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null) continue
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(','))
    } else params.set(key, String(value))
  }
  return params
}

export const isEmptyLeadFilter = (filter: LeadFilter) => leadFilterParams(filter).size === 0
