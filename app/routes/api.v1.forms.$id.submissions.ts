import { listLeadFormSubmissions } from '~/api/forms.server'
import { listLeadFormSubmissions as read } from '~/modules/forms/list-lead-form-submissions.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(listLeadFormSubmissions, async ({ auth, params, query }) => ({
    status: 200,
    body: await read({ organizationId: auth.organization.id, formId: params.id, limit: query.limit, cursor: query.cursor, showNumbers: true }),
  })),
)
