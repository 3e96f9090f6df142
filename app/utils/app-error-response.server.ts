import { RateLimitError } from '~/modules/auth/enforce-rate-limit.server'
import { apiErrorFromAppError } from './api-response.server'
import { isAppError } from './app-error'

/**
 * The JSON answer (the API's error shape) for an expected failure thrown by a
 * module; anything else is rethrown (a real bug: logged, 500).
 */
export function appErrorJson(error: unknown): Response {
  if (!isAppError(error)) throw error
  return apiErrorFromAppError(error, error instanceof RateLimitError ? { rateLimit: error.result } : {})
}
