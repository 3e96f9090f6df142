import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireApiKey } from '~/utils/api-auth.server'
import { apiJson, methodNotAllowed } from '~/utils/api-response.server'
import { resourceRoute } from '~/utils/resource-route.server'

/** GET /api/v1/me: the calling key and its organization. Any valid key may ask. */
export const loader = resourceRoute(async ({ request, context }: LoaderFunctionArgs) => {
  const auth = await requireApiKey(request, null, context)
  const { apiKey, organization } = auth
  return apiJson(auth, {
    apiKey: {
      id: apiKey.id,
      name: apiKey.name,
      prefix: apiKey.prefix,
      scopes: apiKey.scopes,
      expiresAt: apiKey.expiresAt?.toISOString() ?? null,
      rateLimitPerMinute: apiKey.rateLimitPerMinute,
    },
    organization: { id: organization.id, name: organization.name, slug: organization.slug, environment: organization.environment },
  })
})

export const action = resourceRoute(() => {
  return methodNotAllowed(['GET'])
})
