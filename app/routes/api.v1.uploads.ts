import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { methodNotAllowed } from '~/utils/api-response.server'
import { resourceRoute } from '~/utils/resource-route.server'
import { handleTusRequest } from '~/utils/tus-uploads.server'
import { requireUploader } from '~/utils/upload-auth.server'

/**
 * The tus upload endpoint (https://tus.io/protocols/resumable-upload):
 * POST creates an upload, OPTIONS says what the server supports. The
 * operations are documented in app/modules/ingest/uploads-openapi.ts.
 */
/** Every method this route answers (uploads-openapi.ts documents each). */
export const ALLOWED_METHODS = ['POST', 'OPTIONS'] as const

export const loader = resourceRoute(async ({ request }: LoaderFunctionArgs) => {
  if (request.method === 'OPTIONS') return handleTusRequest({ request, uploader: null })
  return methodNotAllowed(ALLOWED_METHODS)
})

export const action = resourceRoute(async ({ request, context }: ActionFunctionArgs) => {
  const uploader = await requireUploader(request, context)
  if (request.method !== 'POST') return methodNotAllowed(ALLOWED_METHODS)
  return handleTusRequest({ request, uploader })
})
