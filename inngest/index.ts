import { cleanupExpiredCredentials } from './functions/auth/cleanup-expired-credentials'

/** Every function the app serves; the in-process runner and /api/inngest use this list. */
export const functions = [cleanupExpiredCredentials]
