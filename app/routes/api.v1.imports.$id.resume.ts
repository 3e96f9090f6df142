import { resumeImport } from '~/api/imports.server'
import { getImport } from '~/modules/ingest/get-import.server'
import { resumeImport as resume } from '~/modules/ingest/resume-import.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(resumeImport, async ({ auth, params }) => {
    const organizationId = auth.organization.id
    await resume({ organizationId, importFileId: params.id, actor: auth.actor })
    return { status: 200, body: { import: await getImport({ organizationId, importFileId: params.id }) } }
  }),
)
