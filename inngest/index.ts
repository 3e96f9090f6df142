import { expireIdempotencyKeys } from './functions/api/delete-expired-idempotency-keys'
import { advanceCampaignsJob } from './functions/campaigns/advance-campaigns'
import { queueCampaign } from './functions/campaigns/queue-campaign'
import { cleanupExpiredCredentials } from './functions/auth/cleanup-expired-credentials'
import { sendRequestedRecoveryLink } from './functions/auth/send-recovery-link'
import { deliverQueuedEmail } from './functions/email/deliver-email'
import { requeueStrandedEmails } from './functions/email/requeue-stranded-emails'
import { requeueStrandedImports } from './functions/ingest/requeue-stranded-imports'
import { runImport } from './functions/ingest/run-import'
import { sweepUploads } from './functions/ingest/sweep-uploads'
import { pushPositiveReplyToGoHighLevel } from './functions/gohighlevel/push-on-positive-reply'
import { pushToGoHighLevel } from './functions/gohighlevel/push-to-gohighlevel'
import { createMessagePartitions } from './functions/messaging/create-message-partitions'
import { dispatchSends } from './functions/messaging/dispatch-sends'
import { settleStrandedSendsJob } from './functions/messaging/settle-stranded-sends'
import { simulateCarrierOutcomes } from './functions/messaging/simulate-carrier-outcomes'
import { announceImportCompleted } from './functions/webhooks/announce-import-completed'
import { deliverWebhook } from './functions/webhooks/deliver-webhook'
import { requeueStrandedWebhooks } from './functions/webhooks/requeue-stranded-webhook-deliveries'

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
  dispatchSends,
  simulateCarrierOutcomes,
  createMessagePartitions,
  settleStrandedSendsJob,
  queueCampaign,
  advanceCampaignsJob,
  deliverWebhook,
  requeueStrandedWebhooks,
  announceImportCompleted,
  pushToGoHighLevel,
  pushPositiveReplyToGoHighLevel,
]
