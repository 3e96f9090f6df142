import type { LeadForm, LeadFormSubmission } from '~/generated/prisma/client.ts'
import { getEnv } from '~/utils/env.server'

export type LeadFormSummary = {
  id: string
  slug: string
  name: string
  headline: string
  intro: string | null
  disclosureText: string
  disclosureVersion: number
  doubleOptIn: boolean
  verticalId: string | null
  tags: string[]
  thankYouText: string
  enabled: boolean
  /** The public path, /f/{slug}; the settings page and the API add the app's origin. */
  path: string
  createdBy: string
  createdAt: string
  updatedAt: string
}

export function leadFormSummary(row: LeadForm): LeadFormSummary {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    headline: row.headline,
    intro: row.intro,
    disclosureText: row.disclosureText,
    disclosureVersion: row.disclosureVersion,
    doubleOptIn: row.doubleOptIn,
    verticalId: row.verticalId,
    tags: row.tags,
    thankYouText: row.thankYouText,
    enabled: row.enabled,
    path: `/f/${row.slug}`,
    createdBy: row.createdByLabel,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export type LeadFormSubmissionSummary = {
  id: string
  formId: string
  outcome: LeadFormSubmission['outcome']
  name: string | null
  /** E.164, or masked (•••) for a viewer who may not see numbers. */
  phone: string | null
  email: string | null
  ip: string | null
  userAgent: string | null
  pageUrl: string | null
  disclosureText: string | null
  disclosureVersion: number | null
  leadId: string | null
  consentEventId: string | null
  confirmation: LeadFormSubmission['confirmation']
  confirmedAt: string | null
  invalidFields: string[]
  createdAt: string
}

export function leadFormSubmissionSummary(row: LeadFormSubmission, show: (e164: string) => string = (e) => e): LeadFormSubmissionSummary {
  return {
    id: row.id,
    formId: row.formId,
    outcome: row.outcome,
    name: row.name,
    phone: row.e164 ? show(row.e164) : null,
    email: row.email,
    ip: row.ip,
    userAgent: row.userAgent,
    pageUrl: row.pageUrl,
    disclosureText: row.disclosureText,
    disclosureVersion: row.disclosureVersion,
    leadId: row.leadId,
    consentEventId: row.consentEventId?.toString() ?? null,
    confirmation: row.confirmation,
    confirmedAt: row.confirmedAt?.toISOString() ?? null,
    invalidFields: row.invalidFields,
    createdAt: row.createdAt.toISOString(),
  }
}

/** The form's public address: APP_URL's origin (the app's public address), else the origin the request came to. */
export function leadFormPublicUrl(slug: string, requestUrl: string): string {
  const appUrl = getEnv().APP_URL
  const origin = appUrl ? new URL(appUrl).origin : new URL(requestUrl).origin
  return `${origin}/f/${slug}`
}

/** A form as the API answers it: its absolute public URL instead of the path. */
export function apiLeadForm(summary: LeadFormSummary, requestUrl: string) {
  const { path: _path, ...rest } = summary
  return { ...rest, url: leadFormPublicUrl(summary.slug, requestUrl) }
}
