import type { MessageTemplate, TemplateMedia } from '~/generated/prisma/client.ts'
import { mediaSummary, type MediaSummary } from '~/modules/media/media-summary.server'
import { describeTemplate, type TemplateFacts } from './describe-template'

export type TemplateSummary = {
  id: string
  name: string
  body: string
  firstContact: boolean
  /** The image it sends (an MMS template), or null (an SMS one). */
  media: MediaSummary | null
  createdBy: string
  createdAt: string
  updatedAt: string
  archivedAt: string | null
} & TemplateFacts

/** A template row with its media, as every read includes it. */
export type TemplateRow = MessageTemplate & { media: TemplateMedia | null }

export function templateSummary(row: TemplateRow, organizationName: string): TemplateSummary {
  return {
    id: row.id,
    name: row.name,
    body: row.body,
    firstContact: row.firstContact,
    media: row.media ? mediaSummary(row.media) : null,
    createdBy: row.createdByLabel,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    archivedAt: row.archivedAt?.toISOString() ?? null,
    ...describeTemplate(row.body, { firstContact: row.firstContact, organizationName, mms: Boolean(row.media) }),
  }
}
