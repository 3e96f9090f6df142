-- CreateEnum
CREATE TYPE "GoHighLevelStatus" AS ENUM ('untested', 'ok', 'failing');

-- CreateEnum
CREATE TYPE "GoHighLevelPushTrigger" AS ENUM ('operator', 'api', 'positive_reply');

-- CreateEnum
CREATE TYPE "GoHighLevelPushStatus" AS ENUM ('pending', 'succeeded', 'failed');

-- CreateTable
CREATE TABLE "gohighlevel_integrations" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "token_ciphertext" TEXT NOT NULL,
    "token_key_id" TEXT NOT NULL,
    "token_hint" TEXT NOT NULL,
    "location_id" TEXT NOT NULL,
    "inbound_webhook_url" TEXT,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "push_on_positive_reply" BOOLEAN NOT NULL DEFAULT false,
    "status" "GoHighLevelStatus" NOT NULL DEFAULT 'untested',
    "last_error" TEXT,
    "last_checked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "gohighlevel_integrations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "gohighlevel_pushes" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "lead_id" UUID NOT NULL,
    "trigger" "GoHighLevelPushTrigger" NOT NULL,
    "status" "GoHighLevelPushStatus" NOT NULL DEFAULT 'pending',
    "message_id" UUID,
    "requested_by" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "contact_id" TEXT,
    "contact_created" BOOLEAN,
    "error" TEXT,
    "webhook_status" INTEGER,
    "webhook_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "gohighlevel_pushes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "gohighlevel_integrations_organization_id_key" ON "gohighlevel_integrations"("organization_id");

-- CreateIndex
CREATE INDEX "gohighlevel_pushes_organization_id_created_at_idx" ON "gohighlevel_pushes"("organization_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "gohighlevel_pushes_lead_id_idx" ON "gohighlevel_pushes"("lead_id");

-- AddForeignKey
ALTER TABLE "gohighlevel_integrations" ADD CONSTRAINT "gohighlevel_integrations_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gohighlevel_pushes" ADD CONSTRAINT "gohighlevel_pushes_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gohighlevel_pushes" ADD CONSTRAINT "gohighlevel_pushes_lead_id_fkey" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE CASCADE;

