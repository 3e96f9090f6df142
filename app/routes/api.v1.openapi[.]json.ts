import { apiServerUrl, openApiDocument } from '~/api/document.server'
import { getOpenApiDocument, type OpenApiDocumentBody } from '~/api/openapi-document.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(getOpenApiDocument, async ({ request }) => ({ status: 200, body: openApiDocument(apiServerUrl(request)) as unknown as OpenApiDocumentBody })),
)
