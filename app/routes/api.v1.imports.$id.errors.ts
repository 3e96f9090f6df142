import { listImportErrors } from '~/api/imports.server'
import { listImportRowErrors } from '~/modules/ingest/list-import-row-errors.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(listImportErrors, async ({ auth, params, query }) => ({
    status: 200,
    body: await listImportRowErrors({ organizationId: auth.organization.id, importFileId: params.id, limit: query.limit, cursor: query.cursor }),
  })),
)
