import { AppError } from '~/utils/app-error'
import { leadFilter, type LeadFilter } from './lead-filter'

/**
 * A lead filter as an API caller gives it (query parameters, or JSON under
 * `filter`), parsed, or `400 invalid_filter` with a reason per field, named
 * as the caller wrote it (`zip`, `filter.zip`).
 */
export function parseApiLeadFilter(input: unknown, field?: string): LeadFilter {
  const parsed = leadFilter.safeParse(input)
  if (parsed.success) return parsed.data
  throw new AppError('invalid_filter', 'The filter does not parse.', 400, {
    fields: parsed.error.issues.map((issue) => ({ path: [...(field ? [field] : []), ...issue.path.map(String)].join('.'), message: issue.message })),
  })
}
