-- CreateEnum
CREATE TYPE "LeadFormSubmissionOutcome" AS ENUM ('accepted', 'spam', 'rate_limited', 'invalid');

-- CreateEnum
CREATE TYPE "LeadFormConfirmation" AS ENUM ('not_required', 'pending', 'confirmed');

-- CreateTable
CREATE TABLE "lead_forms" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "headline" TEXT NOT NULL,
    "intro" TEXT,
    "disclosure_text" TEXT NOT NULL,
    "disclosure_version" INTEGER NOT NULL DEFAULT 1,
    "double_opt_in" BOOLEAN NOT NULL DEFAULT false,
    "vertical_id" UUID,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "thank_you_text" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_by_label" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "lead_forms_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lead_form_submissions" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "form_id" UUID NOT NULL,
    "outcome" "LeadFormSubmissionOutcome" NOT NULL,
    "name" TEXT,
    "e164" TEXT,
    "email" TEXT,
    "ip" TEXT,
    "user_agent" TEXT,
    "page_url" TEXT,
    "disclosure_text" TEXT,
    "disclosure_version" INTEGER,
    "lead_id" UUID,
    "consent_event_id" BIGINT,
    "confirmation" "LeadFormConfirmation" NOT NULL DEFAULT 'not_required',
    "confirmed_at" TIMESTAMPTZ(3),
    "confirmation_event_id" BIGINT,
    "invalid_fields" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lead_form_submissions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "lead_forms_slug_key" ON "lead_forms"("slug");

-- CreateIndex
CREATE INDEX "lead_forms_organization_id_created_at_id_idx" ON "lead_forms"("organization_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "lead_forms_organization_id_name_key" ON "lead_forms"("organization_id", "name");

-- CreateIndex
CREATE INDEX "lead_form_submissions_form_id_created_at_id_idx" ON "lead_form_submissions"("form_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "lead_form_submissions_organization_id_e164_confirmation_idx" ON "lead_form_submissions"("organization_id", "e164", "confirmation");

-- CreateIndex
CREATE INDEX "lead_form_submissions_organization_id_lead_id_idx" ON "lead_form_submissions"("organization_id", "lead_id");

-- AddForeignKey
ALTER TABLE "lead_forms" ADD CONSTRAINT "lead_forms_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lead_forms" ADD CONSTRAINT "lead_forms_vertical_id_fkey" FOREIGN KEY ("vertical_id") REFERENCES "verticals"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lead_form_submissions" ADD CONSTRAINT "lead_form_submissions_form_id_fkey" FOREIGN KEY ("form_id") REFERENCES "lead_forms"("id") ON DELETE CASCADE ON UPDATE CASCADE;

