import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { setThemePreference } from '~/modules/orgs/set-theme-preference.server'
import { actorForUser, requireUser } from '~/utils/auth.server'
import { resourceRoute } from '~/utils/resource-route.server'

export const themeSchema = z.object({ theme: z.enum(['system', 'light', 'dark']) })

export const action = resourceRoute(async ({ request, context }: ActionFunctionArgs) => {
  const user = await requireUser(request)
  const submission = parseWithZod(await request.formData(), { schema: themeSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, 400)
  await setThemePreference({ userId: user.id, actor: actorForUser(user, request, context), theme: submission.value.theme })
  return { result: submission.reply() }
})
