import { cleanupExpiredCredentials } from './functions/auth/cleanup-expired-credentials'
import { sendRequestedRecoveryLink } from './functions/auth/send-recovery-link'
import { deliverQueuedEmail } from './functions/email/deliver-email'
import { requeueStrandedEmails } from './functions/email/requeue-stranded-emails'
import { runImport } from './functions/ingest/run-import'

/** Every function the app serves; the in-process runner and /api/inngest use this list. */
export const functions = [cleanupExpiredCredentials, sendRequestedRecoveryLink, deliverQueuedEmail, requeueStrandedEmails, runImport]
