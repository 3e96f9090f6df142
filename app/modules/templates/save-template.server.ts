import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { Prisma, type TemplateMedia } from '~/generated/prisma/client.ts'
import { AppError } from '~/utils/app-error'
import { templateSummary, type TemplateSummary } from './template-summary.server'
import type { TemplateInput } from './template-input'

const nameTaken = (name: string) =>
  new AppError('template_name_taken', `The organization already has a template named “${name}” (archived ones keep their names).`, 409, { fieldErrors: { name: 'Taken.' } })

function isUniqueViolation(error: unknown) {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'
}

/** The template's image, which must be the organization's own (another organization's answers as unknown). */
async function mediaOf(tx: Prisma.TransactionClient, organizationId: string, mediaId: string | null | undefined): Promise<TemplateMedia | null> {
  if (!mediaId) return null
  const media = await tx.templateMedia.findFirst({ where: { id: mediaId, organizationId } })
  if (!media) throw new AppError('media_not_found', 'No such media in the organization: upload the image first (POST /api/v1/media).', 404, { fieldErrors: { mediaId: 'Unknown.' } })
  return media
}

/** A new template of the organization, audited. The input is validated (template-input.ts) by the caller. */
export async function createTemplate(options: { organizationId: string; actor: Actor; input: TemplateInput }): Promise<TemplateSummary> {
  try {
    return await withAudit({ actor: options.actor, action: 'template.created', organizationId: options.organizationId }, async (tx) => {
      const organization = await tx.organization.findUniqueOrThrow({ where: { id: options.organizationId }, select: { name: true } })
      const media = await mediaOf(tx, options.organizationId, options.input.mediaId)
      const row = await tx.messageTemplate.create({
        data: { organizationId: options.organizationId, ...options.input, mediaId: media?.id ?? null, createdByLabel: options.actor.label },
      })
      const summary = templateSummary({ ...row, media }, organization.name)
      return {
        result: summary,
        target: { type: 'template', id: row.id },
        summary: { name: row.name, firstContact: row.firstContact, kind: summary.kind, mediaId: row.mediaId, segments: summary.longest.segments, lint: summary.lint.map((i) => i.code) },
      }
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(options.input.name)
    throw error
  }
}

/**
 * Changes a template's name, body, kind and image (PUT: an input without
 * `mediaId` leaves it without one), audited with what it was before. An
 * archived template cannot change.
 */
export async function updateTemplate(options: { organizationId: string; actor: Actor; templateId: string; input: TemplateInput }): Promise<TemplateSummary> {
  try {
    return await withAudit(
      { actor: options.actor, action: 'template.updated', organizationId: options.organizationId, target: { type: 'template', id: options.templateId } },
      async (tx) => {
        const before = await tx.messageTemplate.findFirst({ where: { id: options.templateId, organizationId: options.organizationId } })
        if (!before) throw new AppError('template_not_found', 'No such template in the organization.', 404)
        if (before.archivedAt) throw new AppError('template_archived', 'This template is archived; it can no longer change.', 409)
        // A launched campaign renders it chunk by chunk: what it was launched (and linted) with is what it sends.
        const sending = await tx.campaign.findFirst({ where: { organizationId: options.organizationId, templateIds: { has: before.id }, status: { in: ['scheduled', 'running', 'paused'] } }, select: { name: true } })
        if (sending) throw new AppError('template_in_use', `The campaign “${sending.name}” is sending this template; it can change once that campaign ends (or copy it into a new template).`, 409)
        const organization = await tx.organization.findUniqueOrThrow({ where: { id: options.organizationId }, select: { name: true } })
        const media = await mediaOf(tx, options.organizationId, options.input.mediaId)
        // Archived since it was read (a concurrent archive): the update must not land.
        const [row] = await tx.messageTemplate.updateManyAndReturn({ where: { id: before.id, archivedAt: null }, data: { ...options.input, mediaId: media?.id ?? null } })
        if (!row) throw new AppError('template_archived', 'This template is archived; it can no longer change.', 409)
        const changed = (['name', 'body', 'firstContact', 'mediaId'] as const).filter((key) => before[key] !== row[key])
        return {
          result: templateSummary({ ...row, media }, organization.name),
          summary: { changed, before: Object.fromEntries(changed.map((k) => [k, before[k]])), after: Object.fromEntries(changed.map((k) => [k, row[k]])) },
        }
      },
    )
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(options.input.name)
    throw error
  }
}
