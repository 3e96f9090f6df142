import { Temporal } from 'temporal-polyfill'
import type { z } from 'zod'

/** A `datetime-local` value read as a wall time in `zone`, as an ISO instant; anything else is passed on for the schema to refuse. */
function localToInstant(value: string, zone: string): string | null {
  if (!value) return null
  try {
    return Temporal.PlainDateTime.from(value).toZonedDateTime(zone).toInstant().toString()
  } catch {
    return value
  }
}

/** An instant as a `datetime-local` value in `zone` (to fill the form back). */
export function instantToLocal(value: string | null, zone: string): string {
  if (!value) return ''
  try {
    return Temporal.Instant.from(value).toZonedDateTimeISO(zone).toPlainDateTime().toString({ smallestUnit: 'minute' })
  } catch {
    return ''
  }
}

const numberOr = (value: FormDataEntryValue | null, fallback?: number) => {
  const text = String(value ?? '').trim()
  return text === '' ? fallback : Number(text)
}

/** The campaign form as the browser posts it, shaped for `campaignInput` (checkbox groups as arrays, local times in the campaign's zone). */
export function campaignFormValues(form: FormData) {
  const text = (key: string) => String(form.get(key) ?? '').trim()
  const list = (key: string) => form.getAll(key).map(String).filter(Boolean)
  const timeZone = text('timeZone')
  return {
    name: text('name'),
    purpose: text('purpose') || 'marketing',
    savedFilterId: text('savedFilterId'),
    verticalId: text('verticalId') || null,
    templateIds: list('templateIds'),
    senderNumberIds: list('senderNumberIds'),
    carrierAccountIds: list('carrierAccountIds'),
    senderName: text('senderName') || null,
    crusadeId: text('crusadeId') || null,
    days: list('days').map(Number),
    windowStart: text('windowStart'),
    windowEnd: text('windowEnd'),
    timeZone,
    startsAt: localToInstant(text('startsAt'), timeZone),
    endsAt: localToInstant(text('endsAt'), timeZone),
    throttlePerMinute: numberOr(form.get('throttlePerMinute')),
    jitterSeconds: numberOr(form.get('jitterSeconds'), 0),
    pauseFilteredPercent: numberOr(form.get('pauseFilteredPercent'), 2),
    pauseFailedPercent: numberOr(form.get('pauseFailedPercent'), 10),
  }
}

/** A schema's issues by top-level field, for the form. */
export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const errors: Record<string, string[]> = {}
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '')
    ;(errors[key] ??= []).push(issue.message)
  }
  return errors
}
