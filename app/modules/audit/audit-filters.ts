import { z } from 'zod'
import { AppError } from '~/utils/app-error'

const text = (max: number) => z.string().trim().max(max, `At most ${max} characters`).optional()
const isDay = (value: unknown) => typeof value === 'string' && z.iso.date().safeParse(value).success
const day = z.iso.date({ error: 'Use a date like 2026-01-31' }).optional()

/**
 * Filters of the audit log, shared by the page, the CSV export and their
 * validation. Values stay strings so a parsed filter set is also valid input
 * (and a query string): dates are whole UTC days, both ends included.
 */
export const auditFiltersSchema = z
  .object({
    /** Exact action, or a prefix when it ends with `.` or `*` (`user.` matches `user.invited`). */
    action: text(200),
    actorType: z.enum(['user', 'api_key', 'system'], { error: 'Choose user, API key or system' }).optional(),
    /** An actor id, or part of an actor label (an email, an API key name). */
    actor: text(200),
    targetType: text(100),
    targetId: text(200),
    from: day,
    to: day,
    /** Part of the action, actor label or target id. */
    q: text(200),
  })
  .refine((filters) => !filters.from || !filters.to || filters.from <= filters.to, {
    path: ['to'],
    error: 'The end date must not be before the start date',
    // Also when another field is invalid, so every mistake shows at once.
    when: (payload) => {
      const value = payload.value as { from?: unknown; to?: unknown }
      return isDay(value.from) && isDay(value.to)
    },
  })

export type AuditFilters = z.output<typeof auditFiltersSchema>

/** Filters checked again by the modules themselves; a bad value is a 400 with field errors, never a 500. */
export function parseAuditFilters(input: unknown): AuditFilters {
  const parsed = auditFiltersSchema.safeParse(input ?? {})
  if (parsed.success) return parsed.data
  const { fieldErrors } = z.flattenError(parsed.error)
  throw new AppError('invalid_audit_filters', 'Some filters are not valid.', 400, { fieldErrors })
}

export const auditFilterKeys = ['action', 'actorType', 'actor', 'targetType', 'targetId', 'from', 'to', 'q'] as const

export const auditActorTypes = [
  { value: 'user', label: 'User' },
  { value: 'api_key', label: 'API key' },
  { value: 'system', label: 'System' },
] as const
