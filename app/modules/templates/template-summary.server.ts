import type { MessageTemplate } from '~/generated/prisma/client.ts'
import { describeTemplate, type TemplateFacts } from './describe-template'

export type TemplateSummary = {
  id: string
  name: string
  body: string
  firstContact: boolean
  createdBy: string
  createdAt: string
  updatedAt: string
  archivedAt: string | null
} & TemplateFacts

export function templateSummary(row: MessageTemplate, organizationName: string): TemplateSummary {
  return {
    id: row.id,
    name: row.name,
    body: row.body,
    firstContact: row.firstContact,
    createdBy: row.createdByLabel,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    archivedAt: row.archivedAt?.toISOString() ?? null,
    ...describeTemplate(row.body, { firstContact: row.firstContact, organizationName }),
  }
}
