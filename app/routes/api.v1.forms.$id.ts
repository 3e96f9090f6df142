import { getLeadForm, updateLeadForm } from '~/api/forms.server'
import { apiLeadForm } from '~/modules/forms/lead-form-summary.server'
import { getLeadForm as read } from '~/modules/forms/list-lead-forms.server'
import { updateLeadForm as update } from '~/modules/forms/save-lead-form.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(getLeadForm, async ({ auth, params, request }) => ({
    status: 200,
    body: { form: apiLeadForm(await read({ organizationId: auth.organization.id, formId: params.id }), request.url) },
  })),
  handle(updateLeadForm, async ({ auth, params, body: { data }, request }) => ({
    status: 200,
    body: { form: apiLeadForm(await update({ organizationId: auth.organization.id, actor: auth.actor, formId: params.id, input: data }), request.url) },
  })),
)
