import { z } from 'zod'
import 'zod-openapi'
import { API_SCOPES } from '~/modules/integrations/api-key-scopes'
import { defineOperation } from '~/utils/api/operation.server'

const ApiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string().meta({ description: 'The name given when the key was created.' }),
    prefix: z.string().meta({ description: 'The visible start of the key, e.g. `esd_live_8kQ2`; the rest is never shown again.' }),
    scopes: z.array(z.enum(API_SCOPES)).meta({ description: 'What the key may do.' }),
    expiresAt: z.iso.datetime().nullable().meta({ description: 'When the key stops working (00:00 UTC of its expiry date), or null.' }),
    rateLimitPerMinute: z.int().min(1).meta({ description: 'Requests the key may make per minute.' }),
  })
  .meta({ id: 'ApiKey' })

const OrganizationSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string(),
    environment: z.enum(['prod', 'sandbox', 'test']).meta({ description: '`sandbox` organizations never reach a real carrier.' }),
  })
  .meta({ id: 'Organization' })

export const MeSchema = z.object({ apiKey: ApiKeySchema, organization: OrganizationSchema }).meta({ id: 'Me' })

export const getMe = defineOperation({
  operationId: 'getMe',
  method: 'GET',
  path: '/api/v1/me',
  summary: 'The calling key and its organization',
  description: 'Any valid key may call it, whatever its scopes: use it to check a key and see what it may do.',
  tag: 'Account',
  auth: { scope: null },
  responses: {
    200: {
      description: 'The key and its organization.',
      body: MeSchema,
      example: {
        apiKey: {
          id: '0b7c2f0e-3c1f-4f57-9d0e-6a5a0f3a1e42',
          name: 'CRM sync',
          prefix: 'esd_live_8kQ2',
          scopes: ['leads:read', 'leads:write'],
          expiresAt: null,
          rateLimitPerMinute: 600,
        },
        organization: { id: '5d1f8a7e-2b9c-4e0a-8f6d-3c2b1a0e9f87', name: 'Demo Realty', slug: 'demo-realty', environment: 'prod' },
      },
    },
  },
})
