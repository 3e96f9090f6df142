-- send_queue's indexes that only sent rows need, made partial: a queued row (a campaign queues 100k at
-- once) has no conversation and no carrier id yet, and is neither `sending` nor `unknown`, so it no longer
-- enters them. Every query on them implies its index's predicate:
--   conversation_id = $1 (receive-inbound-message), carrier_sid = $1 (record-message-status),
--   status = 'sending' (settle-stranded-sends), status = 'unknown' (settle-unknown-sends).
-- Prisma cannot express a partial index (schema.prisma notes each `where`); the drift test compares them
-- without it (tests/support/schema-snapshot.ts).

-- DropIndex
DROP INDEX "send_queue_conversation_id_created_at_idx";
DROP INDEX "send_queue_carrier_sid_idx";
DROP INDEX "send_queue_status_updated_at_idx";

-- CreateIndex
CREATE INDEX "send_queue_conversation_id_created_at_idx" ON "send_queue"("conversation_id", "created_at") WHERE "conversation_id" IS NOT NULL;
CREATE INDEX "send_queue_carrier_sid_idx" ON "send_queue"("carrier_sid") WHERE "carrier_sid" IS NOT NULL;
CREATE INDEX "send_queue_status_updated_at_idx" ON "send_queue"("status", "updated_at") WHERE "status" IN ('sending', 'unknown');
