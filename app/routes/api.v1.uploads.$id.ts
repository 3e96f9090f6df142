import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { getUpload } from '~/modules/ingest/get-upload.server'
import { apiJson, methodNotAllowed } from '~/utils/api-response.server'
import { appErrorJson } from '~/utils/app-error-response.server'
import { jsonResponse } from '~/utils/json-response.server'
import { resourceRoute } from '~/utils/resource-route.server'
import { handleTusRequest } from '~/utils/tus-uploads.server'
import { requireUploader } from '~/utils/upload-auth.server'

/** Every method this route answers (uploads-openapi.ts documents each). */
export const ALLOWED_METHODS = ['GET', 'HEAD', 'PATCH', 'DELETE', 'OPTIONS'] as const

/**
 * One tus upload: HEAD (how far it got; also completes an upload whose hash
 * a crash left untaken), PATCH (the next chunk), DELETE (cancel an
 * unfinished one), OPTIONS; and GET, its JSON summary (status, SHA-256, an
 * earlier import of the same file), a pure read. Documented in
 * app/modules/ingest/uploads-openapi.ts.
 */
export const loader = resourceRoute(async ({ request, params, context }: LoaderFunctionArgs) => {
  if (request.method === 'OPTIONS') return handleTusRequest({ request, uploader: null })
  const uploader = await requireUploader(request, context)
  const uploadId = params.id ?? ''
  if (request.method === 'HEAD') return handleTusRequest({ request, uploader, uploadId })
  try {
    const upload = await getUpload({ organizationId: uploader.organizationId, uploadId })
    if (uploader.rateLimit) return apiJson({ rateLimit: uploader.rateLimit }, { upload })
    return jsonResponse({ upload }, { headers: { 'Cache-Control': 'no-store' } })
  } catch (error) {
    return appErrorJson(error)
  }
})

export const action = resourceRoute(async ({ request, params, context }: ActionFunctionArgs) => {
  // The caller first: a cross-site form post is refused as such, whatever its method.
  const uploader = await requireUploader(request, context)
  if (request.method !== 'PATCH' && request.method !== 'DELETE') return methodNotAllowed(ALLOWED_METHODS)
  return handleTusRequest({ request, uploader, uploadId: params.id ?? '' })
})
