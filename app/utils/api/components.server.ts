import { z } from 'zod'
import 'zod-openapi'

/**
 * Schemas every operation shares, registered once as OpenAPI components
 * (`id` in `.meta()`): the error body and the headers the framework sets.
 */

export const ApiErrorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable, for programs: branch on this.', example: 'insufficient_scope' }),
      message: z.string().meta({ description: 'For people; the wording may change.' }),
      details: z
        .record(z.string(), z.unknown())
        .optional()
        .meta({ description: 'More to say, e.g. `fields` (`[{ path, message }]`) for invalid input.' }),
      requestId: z.string().optional().meta({ description: 'The `x-request-id` of the request: quote it when you report a problem.' }),
    }),
  })
  .meta({
    id: 'Error',
    description: 'The shape of every error, from every endpoint.',
    example: {
      error: {
        code: 'insufficient_scope',
        message: 'This API key does not have the "leads:write" scope.',
        details: { requiredScope: 'leads:write', grantedScopes: ['leads:read'] },
        requestId: '0f4a1c2e-7b8d-4e5f-9a6b-1c2d3e4f5a6b',
      },
    },
  })

/** A field error as `details.fields` carries it. */
export type FieldError = { path: string; message: string }

const nonNegativeInteger = z.int().min(0)

/** A response header the framework sets, as the OpenAPI document declares it. */
export type HeaderSpec = { description: string; schema: z.ZodType; required: boolean }

export const headerSpecs = {
  requestId: {
    description: 'The request id: yours from `x-request-id` (8–128 of `A–Z a–z 0–9 . _ : -`), else one we made.',
    schema: z.string().min(1).max(128),
    required: true,
  },
  rateLimitLimit: { description: 'Requests allowed in the window.', schema: nonNegativeInteger, required: true },
  rateLimitRemaining: { description: 'Requests left in the current window.', schema: nonNegativeInteger, required: true },
  rateLimitReset: { description: 'Seconds until the window ends.', schema: nonNegativeInteger, required: true },
  retryAfter: { description: 'Seconds to wait before trying again.', schema: z.int().min(1), required: true },
  wwwAuthenticate: { description: '`Bearer realm="esd.quest"`, with `error=…` when a key was sent but not accepted.', schema: z.string(), required: true },
  allow: { description: 'The methods the path takes.', schema: z.string(), required: true },
  replayed: {
    description: '`true` when this is the stored response of an earlier request with the same `Idempotency-Key`.',
    schema: z.literal('true'),
    required: false,
  },
} as const satisfies Record<string, HeaderSpec>

export const RESPONSE_HEADER_NAMES = {
  requestId: 'X-Request-Id',
  rateLimitLimit: 'RateLimit-Limit',
  rateLimitRemaining: 'RateLimit-Remaining',
  rateLimitReset: 'RateLimit-Reset',
  retryAfter: 'Retry-After',
  wwwAuthenticate: 'WWW-Authenticate',
  allow: 'Allow',
  replayed: 'Idempotent-Replayed',
} as const satisfies Record<keyof typeof headerSpecs, string>
