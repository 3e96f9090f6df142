import { prisma } from '~/utils/db.server'
import { AppError } from '~/utils/app-error'
import { templateSummary, type TemplateSummary } from './template-summary.server'

/** One template of the organization, archived or not, with its variants, segments and lint. */
export async function getTemplate(options: { organizationId: string; templateId: string }): Promise<TemplateSummary> {
  const row = await prisma.messageTemplate.findFirst({ where: { id: options.templateId, organizationId: options.organizationId }, include: { organization: { select: { name: true } }, media: true } })
  if (!row) throw new AppError('template_not_found', 'No such template in the organization.', 404)
  return templateSummary(row, row.organization.name)
}
