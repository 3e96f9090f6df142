import { data, type ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { requestGoHighLevelPush } from '~/modules/integrations/gohighlevel/request-gohighlevel-push.server'
import { isAppError } from '~/utils/app-error'
import { actorForUser, requireUserWithPermission } from '~/utils/auth.server'
import { resourceRoute } from '~/utils/resource-route.server'

/** The "Send to GoHighLevel" button of a lead's page and a conversation: queues a push of the lead (audited). */
export const action = resourceRoute(async ({ request, context }: ActionFunctionArgs) => {
  const user = await requireUserWithPermission(request, 'write:lead:any')
  const form = z.object({ leadId: z.uuid() }).safeParse(Object.fromEntries(await request.formData()))
  if (!form.success) return data({ ok: false, message: 'No such lead.' }, 400)
  try {
    await requestGoHighLevelPush({ organizationId: user.organization.id, leadId: form.data.leadId, actor: actorForUser(user, request, context), trigger: 'operator' })
    return { ok: true, message: 'Sent to GoHighLevel. The outcome shows in Settings › GoHighLevel.' }
  } catch (error) {
    if (isAppError(error) && error.status < 500) return data({ ok: false, message: error.message }, error.status)
    throw error
  }
})
