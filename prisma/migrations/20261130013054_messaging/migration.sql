-- CreateEnum
CREATE TYPE "CarrierKind" AS ENUM ('twilio', 'simulated');

-- CreateEnum
CREATE TYPE "CarrierAccountStatus" AS ENUM ('active', 'disabled');

-- CreateEnum
CREATE TYPE "SenderNumberStatus" AS ENUM ('active', 'paused', 'retired');

-- CreateEnum
CREATE TYPE "SendPurpose" AS ENUM ('marketing', 'reply');

-- CreateEnum
CREATE TYPE "SendQueueStatus" AS ENUM ('blocked', 'pending', 'sending', 'sent', 'unknown', 'failed', 'canceled');

-- CreateEnum
CREATE TYPE "MessageDirection" AS ENUM ('outbound', 'inbound');

-- CreateEnum
CREATE TYPE "MessageStatus" AS ENUM ('queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'unknown', 'received', 'canceled');

-- AlterTable
ALTER TABLE "organizations" ADD COLUMN     "help_text" TEXT;

-- CreateTable
CREATE TABLE "carrier_accounts" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "kind" "CarrierKind" NOT NULL,
    "name" TEXT NOT NULL,
    "account_sid" TEXT,
    "auth_token_ciphertext" TEXT,
    "auth_token_key_id" TEXT,
    "status" "CarrierAccountStatus" NOT NULL DEFAULT 'active',
    "mps" INTEGER NOT NULL DEFAULT 10,
    "daily_cap" INTEGER NOT NULL DEFAULT 10000,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "carrier_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sender_numbers" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "carrier_account_id" UUID NOT NULL,
    "e164" TEXT NOT NULL,
    "area_code" TEXT NOT NULL,
    "state" TEXT,
    "ten_dlc_campaign_id" TEXT,
    "status" "SenderNumberStatus" NOT NULL DEFAULT 'active',
    "paused_reason" TEXT,
    "mps" INTEGER NOT NULL DEFAULT 1,
    "daily_cap" INTEGER NOT NULL DEFAULT 250,
    "warmup_started_on" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sender_numbers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "conversations" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "from_e164" TEXT NOT NULL,
    "to_e164" TEXT NOT NULL,
    "identity_id" UUID,
    "lead_id" UUID,
    "last_message_at" TIMESTAMPTZ(3) NOT NULL,
    "last_inbound_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conversations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "send_batches" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "purpose" "SendPurpose" NOT NULL,
    "body" TEXT NOT NULL,
    "vertical_id" UUID,
    "idempotency_key" TEXT NOT NULL,
    "actor_type" "AuditActorType" NOT NULL,
    "actor_id" TEXT,
    "actor_label" TEXT NOT NULL,
    "requested" INTEGER NOT NULL DEFAULT 0,
    "queued" INTEGER NOT NULL DEFAULT 0,
    "blocked" INTEGER NOT NULL DEFAULT 0,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "canceled" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "send_batches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "send_queue" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "batch_id" UUID,
    "idempotency_key" TEXT NOT NULL,
    "purpose" "SendPurpose" NOT NULL,
    "lead_id" UUID,
    "vertical_id" UUID,
    "conversation_id" UUID,
    "to_e164" TEXT NOT NULL,
    "recipient_state" TEXT,
    "from_e164" TEXT,
    "sender_number_id" UUID,
    "body" TEXT NOT NULL,
    "status" "SendQueueStatus" NOT NULL,
    "block_reason" TEXT,
    "decision" JSONB NOT NULL DEFAULT '{}',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "not_before" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "carrier_sid" TEXT,
    "message_id" UUID,
    "error_code" INTEGER,
    "error_message" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "send_queue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "messages" (
    "id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "organization_id" UUID,
    "conversation_id" UUID,
    "direction" "MessageDirection" NOT NULL,
    "from_e164" TEXT NOT NULL,
    "to_e164" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" "MessageStatus" NOT NULL,
    "carrier_sid" TEXT,
    "error_code" INTEGER,
    "send_queue_id" UUID,
    "sender_number_id" UUID,
    "lead_id" UUID,
    "num_segments" INTEGER,
    "reply_class" TEXT,
    "status_updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "messages_pkey" PRIMARY KEY ("id","created_at")
) PARTITION BY RANGE ("created_at");

-- CreateTable
CREATE TABLE "message_status_events" (
    "id" BIGSERIAL NOT NULL,
    "carrier_sid" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "mapped" "MessageStatus",
    "error_code" INTEGER,
    "applied" BOOLEAN NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "message_status_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "carrier_accounts_organization_id_name_key" ON "carrier_accounts"("organization_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "sender_numbers_e164_key" ON "sender_numbers"("e164");

-- CreateIndex
CREATE INDEX "sender_numbers_organization_id_status_idx" ON "sender_numbers"("organization_id", "status");

-- CreateIndex
CREATE INDEX "conversations_organization_id_last_message_at_idx" ON "conversations"("organization_id", "last_message_at" DESC);

-- CreateIndex
CREATE INDEX "conversations_organization_id_to_e164_idx" ON "conversations"("organization_id", "to_e164");

-- CreateIndex
CREATE UNIQUE INDEX "conversations_organization_id_from_e164_to_e164_key" ON "conversations"("organization_id", "from_e164", "to_e164");

-- CreateIndex
CREATE UNIQUE INDEX "send_batches_organization_id_idempotency_key_key" ON "send_batches"("organization_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "send_batches_organization_id_created_at_idx" ON "send_batches"("organization_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "send_queue_sender_number_id_status_not_before_idx" ON "send_queue"("sender_number_id", "status", "not_before");

-- CreateIndex
CREATE INDEX "send_queue_organization_id_to_e164_status_idx" ON "send_queue"("organization_id", "to_e164", "status");

-- CreateIndex
CREATE INDEX "send_queue_batch_id_status_idx" ON "send_queue"("batch_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "send_queue_organization_id_idempotency_key_key" ON "send_queue"("organization_id", "idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "send_queue_batch_id_lead_id_key" ON "send_queue"("batch_id", "lead_id");

-- CreateIndex
CREATE INDEX "from_to_history_organization_id_to_e164_vertical_id_last_se_idx" ON "from_to_history"("organization_id", "to_e164", "vertical_id", "last_sent_at");

-- CreateIndex
CREATE INDEX "send_queue_conversation_id_created_at_idx" ON "send_queue"("conversation_id", "created_at");

-- CreateIndex
CREATE INDEX "send_queue_carrier_sid_idx" ON "send_queue"("carrier_sid");

-- CreateIndex
CREATE INDEX "send_queue_status_updated_at_idx" ON "send_queue"("status", "updated_at");

-- CreateIndex
CREATE INDEX "messages_carrier_sid_idx" ON "messages"("carrier_sid");

-- CreateIndex
CREATE INDEX "messages_conversation_id_created_at_idx" ON "messages"("conversation_id", "created_at");

-- CreateIndex
CREATE INDEX "messages_organization_id_from_e164_created_at_idx" ON "messages"("organization_id", "from_e164", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "message_status_events_carrier_sid_status_key" ON "message_status_events"("carrier_sid", "status");

-- AddForeignKey
ALTER TABLE "carrier_accounts" ADD CONSTRAINT "carrier_accounts_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sender_numbers" ADD CONSTRAINT "sender_numbers_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sender_numbers" ADD CONSTRAINT "sender_numbers_carrier_account_id_fkey" FOREIGN KEY ("carrier_account_id") REFERENCES "carrier_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "send_batches" ADD CONSTRAINT "send_batches_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "send_queue" ADD CONSTRAINT "send_queue_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "send_queue" ADD CONSTRAINT "send_queue_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "send_batches"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "send_queue" ADD CONSTRAINT "send_queue_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- The message log's monthly partitions (docs/decisions/042). Each month is
-- [first day 00:00 UTC, next month's first day); the function creates the
-- missing ones from the month of `from_month` on, `months_ahead` months
-- beyond it. The app role may call it (a daily job and start-up do), not
-- create tables itself: it runs as the owner with a pinned search_path.
CREATE FUNCTION messages_ensure_partitions(from_month date, months_ahead integer)
RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
  month date := date_trunc('month', from_month)::date;
  created integer := 0;
  name text;
BEGIN
  IF months_ahead < 0 OR months_ahead > 24 THEN
    RAISE EXCEPTION 'months_ahead must be between 0 and 24, got %', months_ahead;
  END IF;
  FOR i IN 0..months_ahead LOOP
    name := 'messages_' || to_char(month, 'YYYY_MM');
    IF to_regclass('public.' || name) IS NULL THEN
      EXECUTE format(
        'CREATE TABLE public.%I PARTITION OF public.messages FOR VALUES FROM (%L) TO (%L)',
        name, (month::timestamp AT TIME ZONE 'UTC'), ((month + interval '1 month')::timestamp AT TIME ZONE 'UTC'));
      created := created + 1;
    END IF;
    month := (month + interval '1 month')::date;
  END LOOP;
  RETURN created;
END;
$$;
REVOKE EXECUTE ON FUNCTION messages_ensure_partitions(date, integer) FROM PUBLIC;

-- The month before this one (late callbacks of old sends need no partition,
-- but a clock a little behind should not fail) through three months ahead.
SELECT messages_ensure_partitions(((now() AT TIME ZONE 'UTC') - interval '1 month')::date, 4);

-- Sending reads a number's open work and an organization's recipients.
ALTER TABLE "send_queue" ADD CONSTRAINT "send_queue_to_e164_check" CHECK ("to_e164" ~ '^\+[1-9][0-9]{1,14}$');
ALTER TABLE "sender_numbers" ADD CONSTRAINT "sender_numbers_e164_check" CHECK ("e164" ~ '^\+[1-9][0-9]{1,14}$');
ALTER TABLE "sender_numbers" ADD CONSTRAINT "sender_numbers_rates_check" CHECK ("mps" > 0 AND "daily_cap" >= 0);
ALTER TABLE "carrier_accounts" ADD CONSTRAINT "carrier_accounts_twilio_check"
  CHECK ("kind" <> 'twilio' OR ("account_sid" IS NOT NULL AND "auth_token_ciphertext" IS NOT NULL AND "auth_token_key_id" IS NOT NULL));
