import { z } from 'zod'

/**
 * A visitor's answer to a hosted lead form, as the page validates it in the
 * browser and again on the server (no server-only imports here). The phone
 * is checked against the numbering plan on the server (`validE164`); the
 * consent box must be checked.
 */
export const LEAD_FORM_HONEYPOT = 'website'

export const leadFormSubmissionInput = z.object({
  name: z.string({ error: 'Enter your name' }).trim().min(1, 'Enter your name').max(120, 'At most 120 characters'),
  phone: z
    .string({ error: 'Enter your mobile number' })
    .trim()
    .min(7, 'Enter your mobile number with its area code, e.g. (512) 555-0134')
    .max(30, 'Enter your mobile number with its area code, e.g. (512) 555-0134'),
  email: z.string().trim().max(320).pipe(z.email('Enter a valid email address, or leave it empty')).optional(),
  /** The property the lead is about (a lead is a person at a property); without a street the person is kept without a lead. */
  addressLine1: z.string().trim().max(200, 'At most 200 characters').optional(),
  city: z.string().trim().max(100, 'At most 100 characters').optional(),
  state: z.string().trim().max(50, 'At most 50 characters').optional(),
  postalCode: z.string().trim().max(20, 'At most 20 characters').optional(),
  consent: z.boolean({ error: 'Check the box to agree to receive text messages' }).refine((v) => v, 'Check the box to agree to receive text messages'),
  pageUrl: z.string().max(2_000).optional(),
})

export type LeadFormSubmissionFields = z.output<typeof leadFormSubmissionInput>

/** Where writeLead's field errors show on the form. */
export function formFieldOfLeadField(field: string): 'name' | 'phone' | 'email' | 'addressLine1' | null {
  if (field === 'fullName' || field === 'firstName' || field === 'lastName') return 'name'
  if (field.startsWith('phones')) return 'phone'
  if (field.startsWith('emails')) return 'email'
  if (field.startsWith('propertyAddress')) return 'addressLine1'
  return null
}

/** The embedding page's address as evidence: an http(s) URL, or nothing. */
export function evidencePageUrl(value: string | null | undefined): string | null {
  if (!value) return null
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString().slice(0, 2_000) : null
  } catch {
    return null
  }
}
