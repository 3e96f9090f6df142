/**
 * The error codes every endpoint may answer with, whatever it does. An
 * operation adds its own (e.g. `import_not_found`) in its declaration. The
 * OpenAPI document, the reference page and docs/api.md list these; a test
 * keeps docs/api.md's table in step with this list.
 */
export type ApiErrorCode = { status: number; code: string; when: string }

export const AUTH_ERRORS = [
  { status: 401, code: 'missing_api_key', when: 'no `Authorization: Bearer …` header' },
  { status: 401, code: 'invalid_api_key', when: 'malformed or unknown key' },
  { status: 401, code: 'api_key_revoked', when: 'the key was revoked' },
  { status: 401, code: 'api_key_expired', when: "the key's expiry date has passed" },
  {
    status: 401,
    code: 'api_key_mode_mismatch',
    when: 'an `esd_test_` key of an organization that is now in production (or the reverse)',
  },
] as const satisfies readonly ApiErrorCode[]

export const SCOPE_ERROR = {
  status: 403,
  code: 'insufficient_scope',
  when: "the key lacks the endpoint's scope (`details.requiredScope`)",
} as const satisfies ApiErrorCode

export const RATE_LIMIT_ERROR = { status: 429, code: 'rate_limited', when: "the key's rate limit is used up" } as const satisfies ApiErrorCode

export const ROUTING_ERRORS = [
  { status: 404, code: 'not_found', when: 'no such endpoint, or a path parameter that names nothing (e.g. a malformed id)' },
  { status: 405, code: 'method_not_allowed', when: 'wrong HTTP method (see the `Allow` header)' },
] as const satisfies readonly ApiErrorCode[]

export const INPUT_ERRORS = {
  query: { status: 400, code: 'invalid_query', when: 'a query parameter is missing or invalid (`details.fields`)' },
  header: { status: 400, code: 'invalid_header', when: 'a request header is missing or invalid (`details.fields`)' },
  json: { status: 400, code: 'invalid_json', when: 'the body is not JSON' },
  body: { status: 400, code: 'invalid_body', when: 'the body does not match the operation’s schema (`details.fields`)' },
  tooLarge: { status: 413, code: 'payload_too_large', when: 'the body or a file in it is larger than the operation allows (`details.maxBytes`)' },
  mediaType: { status: 415, code: 'unsupported_media_type', when: 'a `Content-Type` the operation does not take (`details.accepted`)' },
  tooDeep: { status: 422, code: 'body_too_deep', when: 'the JSON body nests objects and arrays deeper than 32 levels (`details.maxDepth`)' },
  arrayTooLong: {
    status: 422,
    code: 'array_too_long',
    when: 'an array in the JSON body has more than 10,000 elements (`details.path`, `details.maxItems`); a field’s own, lower limit is an `invalid_body`',
  },
} as const satisfies Record<string, ApiErrorCode>

export const IDEMPOTENCY_ERRORS = {
  invalid: { status: 400, code: 'invalid_idempotency_key', when: '`Idempotency-Key` is not 1–255 printable ASCII characters' },
  required: { status: 400, code: 'idempotency_key_required', when: 'the operation needs an `Idempotency-Key` and none was sent' },
  inProgress: {
    status: 409,
    code: 'idempotency_request_in_progress',
    when: 'the first request with this `Idempotency-Key` is still running (see `Retry-After`)',
  },
  reused: {
    status: 422,
    code: 'idempotency_key_reused',
    when: 'this `Idempotency-Key` was used with another request (another body, path or operation)',
  },
} as const satisfies Record<string, ApiErrorCode>

export const INTERNAL_ERROR = {
  status: 500,
  code: 'internal_error',
  when: 'a fault on our side; it is logged under the request id',
} as const satisfies ApiErrorCode

/** Every code above, in the order docs/api.md lists them. */
export const COMMON_ERROR_CODES: readonly ApiErrorCode[] = [
  ...Object.values(INPUT_ERRORS).filter((e) => e.status === 400),
  IDEMPOTENCY_ERRORS.invalid,
  IDEMPOTENCY_ERRORS.required,
  ...AUTH_ERRORS,
  SCOPE_ERROR,
  ...ROUTING_ERRORS,
  IDEMPOTENCY_ERRORS.inProgress,
  INPUT_ERRORS.tooLarge,
  INPUT_ERRORS.mediaType,
  INPUT_ERRORS.tooDeep,
  INPUT_ERRORS.arrayTooLong,
  IDEMPOTENCY_ERRORS.reused,
  RATE_LIMIT_ERROR,
  INTERNAL_ERROR,
]
