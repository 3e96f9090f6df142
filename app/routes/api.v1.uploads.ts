import { createUpload, uploadCapabilities } from '~/api/uploads.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handleWithResponse } from '~/utils/api/operation.server'
import { handleTusRequest } from '~/utils/tus-uploads.server'
import { uploaderFromApiKey } from '~/utils/upload-auth.server'

/** The tus upload endpoint: POST creates an upload, OPTIONS says what the server supports (app/api/uploads.server.ts). */
export const { loader, action } = apiRoute(
  handleWithResponse(createUpload, async ({ request, auth, session }) =>
    handleTusRequest({ request, uploader: auth ? uploaderFromApiKey(auth) : session! }),
  ),
  handleWithResponse(uploadCapabilities, async ({ request }) => handleTusRequest({ request, uploader: null })),
)
