import { z } from 'zod'

/** What names an external ref, shared by the module and the API declarations (no server imports). */

/**
 * The kinds of entity a ref can point at, and the table that holds each (with
 * an `id` and an `organization_id` column). A new kind is one line here, no
 * migration: `entity_type` is text. A table that does not exist (yet) makes
 * every ref to that kind "not found".
 */
export const EXTERNAL_REF_ENTITY_TABLES = {
  lead: 'leads',
  identity: 'identities',
  property: 'properties',
  template: 'message_templates',
  campaign: 'campaigns',
  crusade: 'crusades',
  conversation: 'conversations',
  message: 'messages',
  import: 'import_files',
  webhook_endpoint: 'webhook_endpoints',
  form: 'lead_forms',
} as const

export type ExternalRefEntityType = keyof typeof EXTERNAL_REF_ENTITY_TABLES
export const EXTERNAL_REF_ENTITY_TYPES = Object.keys(EXTERNAL_REF_ENTITY_TABLES) as [ExternalRefEntityType, ...ExternalRefEntityType[]]

export const externalRefEntityTypeSchema = z.enum(EXTERNAL_REF_ENTITY_TYPES)
/** A lowercase slug, as the database's CHECK has it. */
export const externalSystemSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'A lowercase slug of letters, digits, "-" and "_" (at most 64), e.g. "hubspot"')
export const externalIdSchema = z.string().min(1, 'At least 1 character').max(255, 'At most 255 characters')

