import { API_SCOPE_DESCRIPTIONS, API_SCOPES } from '~/modules/integrations/api-key-scopes'
import { COMMON_ERROR_CODES } from '~/utils/api/error-codes'
import { API_PAGE_LIMIT_DEFAULT, API_PAGE_LIMIT_MAX } from '~/utils/api/pagination.server'

/**
 * What every endpoint shares, as Markdown: the OpenAPI document's
 * `info.description`, which /api/docs renders above the operations. With the
 * operations below it, it is all an integrator needs. docs/api.md says the
 * same for readers of the repository.
 */
export function apiGuide(options: { serverUrl: string }): string {
  const scopes = API_SCOPES.map((scope) => `| \`${scope}\` | ${API_SCOPE_DESCRIPTIONS[scope]} |`).join('\n')
  const errors = COMMON_ERROR_CODES.map((error) => `| ${error.status} | \`${error.code}\` | ${error.when} |`).join('\n')
  return `External systems use the same REST API as the esd.quest app: JSON over HTTPS under \`/api/v1\`.
This page is generated from the OpenAPI 3.1 document at [\`/api/v1/openapi.json\`](/api/v1/openapi.json);
feed that to a code generator or an HTTP client to get types for every request and response.

## Authentication

An administrator creates keys under **Settings → API keys**. A key is shown once, when it is created; we keep
only its hash, so a lost key cannot be recovered: revoke it and create another. \`esd_live_…\` keys belong to
production organizations, \`esd_test_…\` keys to sandbox and test ones (sandbox organizations never reach a carrier).

Send the key in the \`Authorization\` header, and only there (keys in query strings are ignored):

\`\`\`sh
curl ${options.serverUrl}/api/v1/me -H "Authorization: Bearer $ESD_API_KEY"
\`\`\`

A key acts for its organization: a record of another organization answers \`404\`, exactly as if it did not exist.
Changes made with a key are recorded in the organization's audit log with the key (name and prefix) as the actor.
Keys can expire and can be revoked at any time; both take effect on the next request.

## Scopes

Each key holds one or more scopes. Each operation below names the scope it needs; a key without it gets
\`403 insufficient_scope\`. \`GET /api/v1/me\` works with any valid key.

| scope | allows |
| --- | --- |
${scopes}

## Errors

Every error, from every endpoint, has the same shape (the \`Error\` schema):

\`\`\`json
{ "error": { "code": "insufficient_scope", "message": "This API key does not have the \\"leads:write\\" scope.", "details": { "requiredScope": "leads:write", "grantedScopes": ["leads:read"] }, "requestId": "0f4a1c2e-7b8d-4e5f-9a6b-1c2d3e4f5a6b" } }
\`\`\`

\`code\` is stable and meant for programs; \`message\` is for people and may change; \`details\` is there when
there is more to say (\`details.fields\` lists invalid input as \`{ path, message }\`); \`requestId\` repeats the
\`x-request-id\` header. Codes any endpoint may answer with (each operation lists its own too):

| status | code | when |
| --- | --- | --- |
${errors}

A \`401\` carries \`WWW-Authenticate: Bearer realm="esd.quest"\`.

## Request ids

Every response carries \`x-request-id\`. Send your own (8–128 characters of \`A–Z a–z 0–9 . _ : -\`) to have it
reused; quote it when you report a problem, since it finds the request in our logs and audit log.

## Rate limits

Each key may make 600 requests per minute unless another limit (1–10,000) was set when it was created. Every
answer of an operation to a valid key, successful or not, carries \`RateLimit-Limit\`, \`RateLimit-Remaining\` and
\`RateLimit-Reset\` (seconds until the window ends). Past the limit the answer is \`429 rate_limited\` with
\`Retry-After\` (seconds): wait that long before retrying.

## Idempotency

Every \`POST\` takes an \`Idempotency-Key\` header, so a request you retry after a timeout or a dropped connection
is carried out once. Make a new key for each new request (a UUID is a good choice: 1–255 printable ASCII
characters) and send the same key with every retry of it.

- **Same key, same request** (method, path, query and body): you get the first request's answer again —
  status, body and headers such as \`Location\` — with \`Idempotent-Replayed: true\`. Nothing runs twice.
- **Same key, another request**: \`422 idempotency_key_reused\`. Use a new key.
- **First request still running**: \`409 idempotency_request_in_progress\` with \`Retry-After\`; retry then.
- **Invalid input** (\`400\`, \`422\`) and faults on our side (\`5xx\`) are not kept: fix the request and retry it
  with the same key.
- Keys are kept **24 hours**, per API key (two keys never see each other's). After that a key is new again.
- The header is optional unless an operation says it is required; without it a \`POST\` simply runs.
  An operation that cannot replay (a streamed upload) says so.

A JSON body is compared as data (key order and spacing do not matter); a multipart body by its fields and the
SHA-256 of each file.

## Pagination

Lists are pages in a fixed order, newest first, fetched with two query parameters:

- \`limit\`: items per page, 1–${API_PAGE_LIMIT_MAX} (default ${API_PAGE_LIMIT_DEFAULT}).
- \`cursor\`: the \`nextCursor\` of the previous page; omit it for the first page.

The answer is \`{ "data": [ … ], "nextCursor": "…" }\`; \`nextCursor\` is \`null\` on the last page. Cursors are
opaque: pass them back unchanged (a cursor we did not make is \`400 invalid_query\`). Paging is stable while items
are added: you never see an item twice or miss one that existed when you started.

## Versions

The \`v1\` in the path changes only for a change that breaks callers. New operations, new optional fields in
requests and new fields in responses can appear at any time: ignore fields you do not know.
`
}
