-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled');

-- CreateEnum
CREATE TYPE "CampaignPurpose" AS ENUM ('marketing', 'informational');

-- AlterEnum
ALTER TYPE "SendQueueStatus" ADD VALUE 'held';

-- CreateTable
CREATE TABLE "campaigns" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "crusade_id" UUID,
    "name" TEXT NOT NULL,
    "status" "CampaignStatus" NOT NULL DEFAULT 'draft',
    "purpose" "CampaignPurpose" NOT NULL DEFAULT 'marketing',
    "vertical_id" UUID,
    "saved_filter_id" UUID,
    "filter" JSONB NOT NULL,
    "template_ids" UUID[],
    "sender_number_ids" UUID[],
    "carrier_account_ids" UUID[],
    "sender_name" TEXT,
    "days" INTEGER[],
    "window_start" TEXT NOT NULL,
    "window_end" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "starts_at" TIMESTAMPTZ(3),
    "ends_at" TIMESTAMPTZ(3),
    "throttle_per_minute" INTEGER NOT NULL,
    "jitter_seconds" INTEGER NOT NULL DEFAULT 0,
    "pause_filtered_percent" DOUBLE PRECISION NOT NULL DEFAULT 2,
    "pause_failed_percent" DOUBLE PRECISION NOT NULL DEFAULT 10,
    "paused_reason" TEXT,
    "slots_until" TIMESTAMPTZ(3),
    "batch_id" UUID,
    "audience_count" INTEGER NOT NULL DEFAULT 0,
    "queued_through" INTEGER NOT NULL DEFAULT 0,
    "created_by_label" TEXT NOT NULL,
    "launched_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "campaigns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaign_audience" (
    "campaign_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "lead_id" UUID NOT NULL,

    CONSTRAINT "campaign_audience_pkey" PRIMARY KEY ("campaign_id","position")
);

-- CreateTable
CREATE TABLE "crusades" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "days" INTEGER[],
    "window_start" TEXT NOT NULL,
    "window_end" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "throttle_per_minute" INTEGER NOT NULL,
    "slots_until" TIMESTAMPTZ(3),
    "created_by_label" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "crusades_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "campaigns_batch_id_key" ON "campaigns"("batch_id");

-- CreateIndex
CREATE INDEX "campaigns_organization_id_created_at_id_idx" ON "campaigns"("organization_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "campaigns_status_idx" ON "campaigns"("status");

-- CreateIndex
CREATE INDEX "campaigns_crusade_id_idx" ON "campaigns"("crusade_id");

-- CreateIndex
CREATE UNIQUE INDEX "campaigns_organization_id_name_key" ON "campaigns"("organization_id", "name");

-- CreateIndex
CREATE INDEX "crusades_organization_id_created_at_id_idx" ON "crusades"("organization_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "crusades_organization_id_name_key" ON "crusades"("organization_id", "name");

-- AddForeignKey
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_crusade_id_fkey" FOREIGN KEY ("crusade_id") REFERENCES "crusades"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "send_batches"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_audience" ADD CONSTRAINT "campaign_audience_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "crusades" ADD CONSTRAINT "crusades_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

