import { getImport } from '~/api/imports.server'
import { getImport as readImport } from '~/modules/ingest/get-import.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(getImport, async ({ auth, params }) => ({
    status: 200,
    body: { import: await readImport({ organizationId: auth.organization.id, importFileId: params.id }) },
  })),
)
