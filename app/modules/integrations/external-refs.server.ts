import type { ClientBase } from 'pg'
import { z } from 'zod'
import type { Actor } from '~/modules/audit/actor'
import { recordAuditOnClient } from '~/modules/audit/record-audit-on-client.server'
import { AppError } from '~/utils/app-error'
import { pool } from '~/utils/db.server'

/**
 * External references: which record of an external system (a CRM, a form
 * tool) one of our entities is. (system, external_id) names it there,
 * (entity_type, entity_id) here; one (system, entity_type, external_id) maps
 * to exactly one entity per organization, an entity may have many refs.
 *
 * Every function runs on a raw `pg` client so a caller that holds a
 * transaction (writeLead runs MERGE on one) can set a ref inside it; without
 * one it uses its own connection from the pool.
 */

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

export type ExternalRef = {
  id: string
  organizationId: string
  entityType: ExternalRefEntityType
  entityId: string
  system: string
  externalId: string
  createdAt: Date
  updatedAt: Date
}

type Row = {
  id: string
  organization_id: string
  entity_type: ExternalRefEntityType
  entity_id: string
  system: string
  external_id: string
  created_at: Date
  updated_at: Date
}

const COLUMNS = 'id, organization_id, entity_type, entity_id, system, external_id, created_at, updated_at'

const toRef = (r: Row): ExternalRef => ({
  id: r.id,
  organizationId: r.organization_id,
  entityType: r.entity_type,
  entityId: r.entity_id,
  system: r.system,
  externalId: r.external_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

/** Runs `work` on `client`, or on a pooled connection when there is none. */
async function onClient<T>(client: ClientBase | undefined, work: (client: ClientBase) => Promise<T>): Promise<T> {
  if (client) return work(client)
  const pooled = await pool.connect()
  try {
    return await work(pooled)
  } finally {
    pooled.release()
  }
}

/** In a transaction of its own unless the caller holds one. */
async function inTransaction<T>(client: ClientBase | undefined, work: (client: ClientBase) => Promise<T>): Promise<T> {
  if (client) return work(client)
  return onClient(undefined, async (c) => {
    await c.query('BEGIN')
    try {
      const result = await work(c)
      await c.query('COMMIT')
      return result
    } catch (error) {
      await c.query('ROLLBACK').catch(() => {})
      throw error
    }
  })
}

function parseKey(input: { entityType: string; system: string; externalId: string }) {
  const entityType = externalRefEntityTypeSchema.safeParse(input.entityType)
  const system = externalSystemSchema.safeParse(input.system)
  const externalId = externalIdSchema.safeParse(input.externalId)
  const fieldErrors: Record<string, string[]> = {}
  if (!entityType.success) fieldErrors.entityType = [`One of ${EXTERNAL_REF_ENTITY_TYPES.join(', ')}`]
  if (!system.success) fieldErrors.system = system.error.issues.map((i) => i.message)
  if (!externalId.success) fieldErrors.externalId = externalId.error.issues.map((i) => i.message)
  if (!entityType.success || !system.success || !externalId.success) {
    throw new AppError('validation_failed', 'The external reference is not valid.', 422, { fieldErrors })
  }
  return { entityType: entityType.data, system: system.data, externalId: externalId.data }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Whether `entityId` is an entity of that kind in the organization (an other organization's id is not). */
export async function entityExists(
  options: { organizationId: string; entityType: ExternalRefEntityType; entityId: string },
  client?: ClientBase,
): Promise<boolean> {
  if (!UUID.test(options.entityId)) return false
  const table = EXTERNAL_REF_ENTITY_TABLES[options.entityType]
  return onClient(client, async (c) => {
    const exists = await c.query<{ t: string | null }>(`SELECT to_regclass($1)::text AS t`, [`public.${table}`])
    if (!exists.rows[0]?.t) return false
    const { rowCount } = await c.query(`SELECT 1 FROM "${table}" WHERE id = $1 AND organization_id = $2 LIMIT 1`, [
      options.entityId,
      options.organizationId,
    ])
    return (rowCount ?? 0) > 0
  })
}

export type SetExternalRefResult = {
  ref: ExternalRef
  /** The key was new to the organization. */
  created: boolean
  /** The entity the key pointed at before, when it was moved to another one. */
  previousEntityId: string | null
}

/**
 * Maps (system, entity_type, external_id) to the entity: creates the ref, or
 * moves an existing one to this entity. Refuses (404) an entity that is not
 * the organization's. Audited (`external_ref.mapped`) when anything changed.
 */
export async function setExternalRef(
  options: {
    organizationId: string
    actor: Actor
    entityType: string
    entityId: string
    system: string
    externalId: string
  },
  client?: ClientBase,
): Promise<SetExternalRefResult> {
  const key = parseKey(options)
  return inTransaction(client, async (c) => {
    if (!(await entityExists({ organizationId: options.organizationId, entityType: key.entityType, entityId: options.entityId }, c))) {
      throw new AppError('not_found', `No ${key.entityType} ${options.entityId}.`, 404)
    }
    const before = await c.query<Row>(
      `SELECT ${COLUMNS} FROM external_refs
        WHERE organization_id = $1 AND system = $2 AND entity_type = $3 AND external_id = $4 FOR UPDATE`,
      [options.organizationId, key.system, key.entityType, key.externalId],
    )
    const previous = before.rows[0]
    if (previous && previous.entity_id === options.entityId) return { ref: toRef(previous), created: false, previousEntityId: null }
    const { rows } = await c.query<Row>(
      `INSERT INTO external_refs (id, organization_id, entity_type, entity_id, system, external_id, created_at, updated_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, now(), now())
       ON CONFLICT (organization_id, system, entity_type, external_id)
       DO UPDATE SET entity_id = EXCLUDED.entity_id, updated_at = now()
       RETURNING ${COLUMNS}`,
      [options.organizationId, key.entityType, options.entityId, key.system, key.externalId],
    )
    const ref = toRef(rows[0]!)
    await recordAuditOnClient(c, {
      actor: options.actor,
      organizationId: options.organizationId,
      action: 'external_ref.mapped',
      target: { type: key.entityType, id: options.entityId },
      summary: { system: key.system, externalId: key.externalId, previousEntityId: previous?.entity_id ?? null },
    })
    return { ref, created: !previous, previousEntityId: previous?.entity_id ?? null }
  })
}

/** The ref (system, entity_type, external_id) names in the organization, or null. */
export async function findEntityByExternalRef(
  options: { organizationId: string; entityType: ExternalRefEntityType; system: string; externalId: string },
  client?: ClientBase,
): Promise<ExternalRef | null> {
  return onClient(client, async (c) => {
    const { rows } = await c.query<Row>(
      `SELECT ${COLUMNS} FROM external_refs
        WHERE organization_id = $1 AND system = $2 AND entity_type = $3 AND external_id = $4`,
      [options.organizationId, options.system, options.entityType, options.externalId],
    )
    return rows[0] ? toRef(rows[0]) : null
  })
}

/** Every ref of one entity, by system then external id. */
export async function externalRefsOf(
  options: { organizationId: string; entityType: ExternalRefEntityType; entityId: string },
  client?: ClientBase,
): Promise<ExternalRef[]> {
  if (!UUID.test(options.entityId)) return []
  return onClient(client, async (c) => {
    const { rows } = await c.query<Row>(
      `SELECT ${COLUMNS} FROM external_refs
        WHERE organization_id = $1 AND entity_type = $2 AND entity_id = $3 ORDER BY system, external_id`,
      [options.organizationId, options.entityType, options.entityId],
    )
    return rows.map(toRef)
  })
}

/** Refs of the organization matching every given filter (at most `limit`), newest first. */
export async function findExternalRefs(
  options: {
    organizationId: string
    system?: string
    externalId?: string
    entityType?: ExternalRefEntityType
    entityId?: string
    limit?: number
  },
  client?: ClientBase,
): Promise<ExternalRef[]> {
  if (options.entityId !== undefined && !UUID.test(options.entityId)) return []
  const where = ['organization_id = $1']
  const params: unknown[] = [options.organizationId]
  const add = (column: string, value: string | undefined) => {
    if (value === undefined) return
    params.push(value)
    where.push(`${column} = $${params.length}`)
  }
  add('system', options.system)
  add('external_id', options.externalId)
  add('entity_type', options.entityType)
  add('entity_id', options.entityId)
  params.push(Math.min(Math.max(options.limit ?? 100, 1), 500))
  return onClient(client, async (c) => {
    const { rows } = await c.query<Row>(
      `SELECT ${COLUMNS} FROM external_refs WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    )
    return rows.map(toRef)
  })
}

/** Removes the ref; false when there was none. Audited (`external_ref.deleted`). */
export async function deleteExternalRef(
  options: { organizationId: string; actor: Actor; entityType: string; system: string; externalId: string },
  client?: ClientBase,
): Promise<boolean> {
  const key = parseKey(options)
  return inTransaction(client, async (c) => {
    const { rows } = await c.query<Row>(
      `DELETE FROM external_refs
        WHERE organization_id = $1 AND system = $2 AND entity_type = $3 AND external_id = $4
        RETURNING ${COLUMNS}`,
      [options.organizationId, key.system, key.entityType, key.externalId],
    )
    const removed = rows[0]
    if (!removed) return false
    await recordAuditOnClient(c, {
      actor: options.actor,
      organizationId: options.organizationId,
      action: 'external_ref.deleted',
      target: { type: key.entityType, id: removed.entity_id },
      summary: { system: key.system, externalId: key.externalId },
    })
    return true
  })
}
