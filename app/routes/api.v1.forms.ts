import { createLeadForm, listLeadForms } from '~/api/forms.server'
import { listLeadForms as readForms } from '~/modules/forms/list-lead-forms.server'
import { apiLeadForm } from '~/modules/forms/lead-form-summary.server'
import { createLeadForm as create } from '~/modules/forms/save-lead-form.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(listLeadForms, async ({ auth, query, request }) => {
    const page = await readForms({ organizationId: auth.organization.id, limit: query.limit, cursor: query.cursor })
    return { status: 200, body: { data: page.data.map((f) => apiLeadForm(f, request.url)), nextCursor: page.nextCursor } }
  }),
  handle(createLeadForm, async ({ auth, body: { data }, request }) => {
    const form = await create({ organizationId: auth.organization.id, actor: auth.actor, input: data })
    return { status: 201, body: { form: apiLeadForm(form, request.url) }, headers: { Location: `/api/v1/forms/${form.id}` } }
  }),
)
