import { getMe } from '~/api/me.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(getMe, async ({ auth }) => {
    const { apiKey, organization } = auth
    return {
      status: 200,
      body: {
        apiKey: {
          id: apiKey.id,
          name: apiKey.name,
          prefix: apiKey.prefix,
          scopes: apiKey.scopes,
          expiresAt: apiKey.expiresAt?.toISOString() ?? null,
          rateLimitPerMinute: apiKey.rateLimitPerMinute,
        },
        organization: { id: organization.id, name: organization.name, slug: organization.slug, environment: organization.environment },
      },
    }
  }),
)
