import { createTemplate, listTemplates } from '~/api/templates.server'
import { listTemplates as readTemplates } from '~/modules/templates/list-templates.server'
import { createTemplate as create } from '~/modules/templates/save-template.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(listTemplates, async ({ auth, query }) => ({
    status: 200,
    body: await readTemplates({ organizationId: auth.organization.id, limit: query.limit, cursor: query.cursor, archived: query.archived }),
  })),
  handle(createTemplate, async ({ auth, body: { data } }) => {
    const template = await create({ organizationId: auth.organization.id, actor: auth.actor, input: data })
    return { status: 201, body: { template }, headers: { Location: `/api/v1/templates/${template.id}` } }
  }),
)
