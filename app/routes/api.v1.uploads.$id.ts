import { cancelUpload, getUpload, getUploadOffset, uploadCapabilitiesForUpload, uploadChunk } from '~/api/uploads.server'
import { getUpload as readUpload } from '~/modules/ingest/get-upload.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle, handleWithResponse } from '~/utils/api/operation.server'
import { handleTusRequest } from '~/utils/tus-uploads.server'
import { uploaderFromApiKey, type Uploader } from '~/utils/upload-auth.server'

/**
 * One tus upload: HEAD (how far it got; also completes an upload whose hash
 * a crash left untaken), PATCH (the next chunk), DELETE (cancel an
 * unfinished one), OPTIONS; and GET, its JSON summary (status, SHA-256, an
 * earlier import of the same file), a pure read. Declared in app/api/uploads.server.ts.
 */

const uploaderOf = ({ auth, session }: { auth: Parameters<typeof uploaderFromApiKey>[0] | null; session: Uploader | null }) =>
  auth ? uploaderFromApiKey(auth) : session!

export const { loader, action } = apiRoute(
  handle(getUpload, async ({ params, ...caller }) => {
    const upload = await readUpload({ organizationId: uploaderOf(caller).organizationId, uploadId: params.id })
    return { status: 200, body: { upload } }
  }),
  handleWithResponse(getUploadOffset, async ({ request, params, ...caller }) => handleTusRequest({ request, uploader: uploaderOf(caller), uploadId: params.id })),
  handleWithResponse(uploadChunk, async ({ request, params, ...caller }) => handleTusRequest({ request, uploader: uploaderOf(caller), uploadId: params.id })),
  handleWithResponse(cancelUpload, async ({ request, params, ...caller }) => handleTusRequest({ request, uploader: uploaderOf(caller), uploadId: params.id })),
  handleWithResponse(uploadCapabilitiesForUpload, async ({ request }) => handleTusRequest({ request, uploader: null })),
)
