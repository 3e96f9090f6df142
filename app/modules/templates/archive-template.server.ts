import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { prisma } from '~/utils/db.server'
import { AppError } from '~/utils/app-error'
import { templateSummary, type TemplateSummary } from './template-summary.server'

/**
 * Archives a template: it leaves the list and can no longer change, but
 * stays readable (what was sent with it keeps its meaning). Archiving an
 * archived template answers it as it is and records nothing new.
 */
export async function archiveTemplate(options: { organizationId: string; actor: Actor; templateId: string }): Promise<TemplateSummary> {
  const organization = await prisma.organization.findUniqueOrThrow({ where: { id: options.organizationId }, select: { name: true } })
  const existing = await prisma.messageTemplate.findFirst({ where: { id: options.templateId, organizationId: options.organizationId }, include: { media: true } })
  if (!existing) throw new AppError('template_not_found', 'No such template in the organization.', 404)
  if (existing.archivedAt) return templateSummary(existing, organization.name)
  const row = await withAudit(
    { actor: options.actor, action: 'template.archived', organizationId: options.organizationId, target: { type: 'template', id: existing.id } },
    async (tx) => {
      const updated = await tx.messageTemplate.update({ where: { id: existing.id }, data: { archivedAt: new Date() }, include: { media: true } })
      return { result: updated, summary: { name: updated.name } }
    },
  )
  return templateSummary(row, organization.name)
}
