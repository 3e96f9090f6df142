import { expireIdempotencyKeys } from './functions/api/delete-expired-idempotency-keys'
import { cleanupExpiredCredentials } from './functions/auth/cleanup-expired-credentials'
import { sendRequestedRecoveryLink } from './functions/auth/send-recovery-link'
import { deliverQueuedEmail } from './functions/email/deliver-email'
import { requeueStrandedEmails } from './functions/email/requeue-stranded-emails'
import { requeueStrandedImports } from './functions/ingest/requeue-stranded-imports'
import { runImport } from './functions/ingest/run-import'
import { sweepUploads } from './functions/ingest/sweep-uploads'

/** Every function the app serves; the in-process runner and /api/inngest use this list. */
export const functions = [
  cleanupExpiredCredentials,
  sendRequestedRecoveryLink,
  deliverQueuedEmail,
  requeueStrandedEmails,
  expireIdempotencyKeys,
  sweepUploads,
  runImport,
  requeueStrandedImports,
]
