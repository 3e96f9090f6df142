import { archiveTemplate, getTemplate, updateTemplate } from '~/api/templates.server'
import { archiveTemplate as archive } from '~/modules/templates/archive-template.server'
import { getTemplate as read } from '~/modules/templates/get-template.server'
import { updateTemplate as update } from '~/modules/templates/save-template.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(getTemplate, async ({ auth, params }) => ({ status: 200, body: { template: await read({ organizationId: auth.organization.id, templateId: params.id }) } })),
  handle(updateTemplate, async ({ auth, params, body: { data } }) => ({
    status: 200,
    body: { template: await update({ organizationId: auth.organization.id, actor: auth.actor, templateId: params.id, input: data }) },
  })),
  handle(archiveTemplate, async ({ auth, params }) => ({
    status: 200,
    body: { template: await archive({ organizationId: auth.organization.id, actor: auth.actor, templateId: params.id }) },
  })),
)
