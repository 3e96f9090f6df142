import { z } from 'zod'

export const jobRunStatuses = ['queued', 'running', 'sleeping', 'completed', 'failed', 'cancelled'] as const
export type JobRunStatus = (typeof jobRunStatuses)[number]

/** Filters of the job-run list, shared by the page and the module; values stay strings (a query string). */
export const jobRunFiltersSchema = z.object({
  function: z.string().trim().max(200, 'At most 200 characters').optional(),
  status: z.enum(jobRunStatuses, { error: 'Choose a status from the list' }).optional(),
})

export type JobRunFilters = z.output<typeof jobRunFiltersSchema>

export const jobRunFilterKeys = ['function', 'status'] as const
