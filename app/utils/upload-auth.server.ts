import type { AppLoadContext } from '@remix-run/node'
import type { Actor } from '~/modules/audit/actor'
import type { ApiAuth } from './api-auth.server'
import { apiError } from './api-response.server'
import { actorForUser, getUser } from './auth.server'
import { assertSameOrigin } from './csrf.server'
import { userHasPermission } from './permissions'
import type { RateLimitResult } from './rate-limit.server'

/** Who is uploading: the organization the upload belongs to and the audit actor. */
export type Uploader = { organizationId: string; actor: Actor; rateLimit: RateLimitResult | null }

/** Importing lead files is part of changing leads (the permission's description says so). */
export const IMPORT_PERMISSION = 'write:lead:any'

/** The uploader behind an API key the framework has checked (`imports:write`, rate-limited). */
export function uploaderFromApiKey(auth: ApiAuth): Uploader {
  return { organizationId: auth.organization.id, actor: auth.actor, rateLimit: auth.rateLimit }
}

/**
 * The caller of an upload or import endpoint without an API key: a
 * signed-in user who may import (the session cookie; a state change must
 * come from our own pages). The `session` authenticator of those operations
 * (app/api/uploads.server.ts); failures are thrown as the API's JSON errors.
 */
export async function requireSessionUploader(request: Request, context?: AppLoadContext): Promise<Uploader> {
  try {
    assertSameOrigin(request)
  } catch {
    throw apiError(403, 'cross_site_request', 'An upload with a session cookie must come from esd.quest itself.')
  }
  const user = await getUser(request)
  if (!user) {
    throw apiError(401, 'missing_api_key', 'Sign in, or send your API key in the Authorization header: "Authorization: Bearer esd_…".', {
      headers: { 'WWW-Authenticate': 'Bearer realm="esd.quest"' },
    })
  }
  if (!userHasPermission(user, IMPORT_PERMISSION)) {
    throw apiError(403, 'forbidden', 'You may not import lead files. Ask an administrator.')
  }
  return { organizationId: user.organization.id, actor: actorForUser(user, request, context), rateLimit: null }
}
