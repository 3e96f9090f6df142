import type { ColumnMap as SavedColumnMap } from '~/generated/prisma/client.ts'
import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'
import { columnMapSchema } from './parsers/column-map'

/** Saves (or replaces) a named generic-CSV column map of the organization, validated, for the next file of the same shape. */
export async function saveColumnMap(options: { organizationId: string; actor: Actor; name: string; map: unknown }): Promise<SavedColumnMap> {
  const name = options.name.trim()
  if (name.length < 1 || name.length > 100) throw new AppError('invalid_column_map', 'The name must be 1 to 100 characters', 422)
  const parsed = columnMapSchema.safeParse(options.map)
  if (!parsed.success) throw new AppError('invalid_column_map', parsed.error.issues.map((i) => i.message).join('; '), 422)
  return withAudit({ actor: options.actor, action: 'column_map.saved', organizationId: options.organizationId }, async (tx) => {
    const saved = await tx.columnMap.upsert({
      where: { organizationId_name: { organizationId: options.organizationId, name } },
      create: {
        organizationId: options.organizationId,
        name,
        map: parsed.data,
        createdByUserId: options.actor.type === 'user' ? options.actor.userId : null,
      },
      update: { map: parsed.data },
    })
    return { result: saved, target: { type: 'column_map', id: saved.id }, summary: { after: { name, map: parsed.data } } }
  })
}
