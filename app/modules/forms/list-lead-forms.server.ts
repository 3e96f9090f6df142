import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { decodeCursor, encodeCursor, keysetPage, keysetWindow } from '~/utils/pagination.server'
import { leadFormSummary, type LeadFormSummary } from './lead-form-summary.server'

const invalidCursor = () => new AppError('invalid_cursor', 'This cursor is not one we gave out: pass a nextCursor back unchanged.', 400)

/** One page of the organization's lead forms, newest first, on the keyset (created_at, id). */
export async function listLeadForms(options: { organizationId: string; limit: number; cursor?: string | null }): Promise<{ data: LeadFormSummary[]; nextCursor: string | null }> {
  if (options.cursor && !decodeCursor(options.cursor)) throw invalidCursor()
  const window = keysetWindow({ after: options.cursor ?? null })
  const rows = await prisma.leadForm.findMany({ where: { organizationId: options.organizationId, ...window.where }, orderBy: window.orderBy, take: options.limit + 1 })
  const page = keysetPage(rows, { pageSize: options.limit, after: window.after, before: null, encode: encodeCursor })
  return { data: page.items.map(leadFormSummary), nextCursor: page.nextCursor }
}

/** One lead form of the organization (another organization's answers as unknown). */
export async function getLeadForm(options: { organizationId: string; formId: string }): Promise<LeadFormSummary> {
  const row = await prisma.leadForm.findFirst({ where: { id: options.formId, organizationId: options.organizationId } })
  if (!row) throw new AppError('lead_form_not_found', 'No such form in the organization.', 404)
  return leadFormSummary(row)
}
