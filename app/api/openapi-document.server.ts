import { z } from 'zod'
import 'zod-openapi'
import { defineOperation } from '~/utils/api/operation.server'

const OpenApiDocumentSchema = z
  .object({ openapi: z.string().regex(/^3\.1\.\d+$/), info: z.object({ title: z.string(), version: z.string() }).loose(), paths: z.record(z.string(), z.unknown()) })
  .loose()
  .meta({ id: 'OpenApiDocument', description: 'See https://spec.openapis.org/oas/v3.1.0.' })

/** An OpenAPI document as the operation answers it (zod-openapi's interfaces lack index signatures). */
export type OpenApiDocumentBody = z.input<typeof OpenApiDocumentSchema>

/** The OpenAPI document itself: public, so tools can fetch it without a key. */
export const getOpenApiDocument = defineOperation({
  operationId: 'getOpenApiDocument',
  method: 'GET',
  path: '/api/v1/openapi.json',
  summary: 'This API as an OpenAPI 3.1 document',
  description:
    'The document this reference is generated from: every operation, its scope, its request and response schemas and examples. ' +
    'No key is needed. Feed it to a code generator or an HTTP client.',
  tag: 'Reference',
  auth: 'public',
  responses: {
    200: {
      description: 'The OpenAPI 3.1 document.',
      body: OpenApiDocumentSchema,
      example: { openapi: '3.1.0', info: { title: 'esd.quest API', version: '1.0.0' }, paths: { '/api/v1/me': {} } },
    },
  },
})
