import { maskPhone } from '~/modules/leads/mask-phone'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { decodeCursor, encodeCursor, keysetPage, keysetWindow } from '~/utils/pagination.server'
import { leadFormSubmissionSummary, type LeadFormSubmissionSummary } from './lead-form-summary.server'

/**
 * One page of a form's submissions, newest first: the evidence of each
 * (spam and rate-limited ones are only an outcome and a time). Numbers are
 * masked unless the viewer may see them.
 */
export async function listLeadFormSubmissions(options: {
  organizationId: string
  formId: string
  limit: number
  cursor?: string | null
  showNumbers: boolean
}): Promise<{ data: LeadFormSubmissionSummary[]; nextCursor: string | null }> {
  if (options.cursor && !decodeCursor(options.cursor)) throw new AppError('invalid_cursor', 'This cursor is not one we gave out: pass a nextCursor back unchanged.', 400)
  const form = await prisma.leadForm.findFirst({ where: { id: options.formId, organizationId: options.organizationId }, select: { id: true } })
  if (!form) throw new AppError('lead_form_not_found', 'No such form in the organization.', 404)
  const window = keysetWindow({ after: options.cursor ?? null })
  const rows = await prisma.leadFormSubmission.findMany({ where: { formId: form.id, organizationId: options.organizationId, ...window.where }, orderBy: window.orderBy, take: options.limit + 1 })
  const page = keysetPage(rows, { pageSize: options.limit, after: window.after, before: null, encode: encodeCursor })
  const show = options.showNumbers ? (e: string) => e : maskPhone
  return { data: page.items.map((row) => leadFormSubmissionSummary(row, show)), nextCursor: page.nextCursor }
}
