import { parseWithZod } from '@conform-to/zod/v4'
import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { setImpersonation } from '~/modules/orgs/set-impersonation.server'
import { requireUserWithPermission } from '~/utils/auth.server'
import { requestIdOf } from '~/utils/request-context.server'
import { clientIp } from '~/utils/request.server'
import { resourceRoute } from '~/utils/resource-route.server'
import { readSessionToken } from '~/utils/session.server'

const schema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('start'), organizationId: z.uuid() }),
  z.object({ intent: z.literal('stop') }),
])

export const action = resourceRoute(async ({ request, context }: ActionFunctionArgs) => {
  const user = await requireUserWithPermission(request, 'impersonate:organization:any')
  const submission = parseWithZod(await request.formData(), { schema })
  if (submission.status !== 'success') throw new Response('Bad request', { status: 400 })
  await setImpersonation({
    superAdmin: { id: user.id, email: user.email, role: user.role, homeOrganizationId: user.homeOrganization.id },
    sessionToken: (await readSessionToken(request))!,
    organizationId: submission.value.intent === 'start' ? submission.value.organizationId : null,
    ip: clientIp(request, context),
    requestId: requestIdOf(request, context),
  })
  return redirect(submission.value.intent === 'start' ? '/dashboard' : '/platform')
})

export const loader = resourceRoute(() => {
  return redirect('/platform')
})
