-- CreateEnum
CREATE TYPE "ExtractionStatus" AS ENUM ('running', 'completed', 'failed', 'superseded');

-- CreateEnum
CREATE TYPE "PropertyRole" AS ENUM ('owner', 'mailing');

-- CreateEnum
CREATE TYPE "LeadEventKind" AS ENUM ('created', 'matched', 'enriched');

-- CreateEnum
CREATE TYPE "ConsentKind" AS ENUM ('opt_out', 'opt_in', 'dnc_listed', 'litigator_listed', 'complaint', 'wrong_number', 'consent_granted');

-- CreateEnum
CREATE TYPE "ConsentScope" AS ENUM ('organization', 'platform');

-- AlterTable
ALTER TABLE "identities" ADD COLUMN     "age" INTEGER,
ADD COLUMN     "age_confidence" REAL,
ADD COLUMN     "age_seen_at" TIMESTAMPTZ(3),
ADD COLUMN     "deceased" BOOLEAN,
ADD COLUMN     "deceased_confidence" REAL,
ADD COLUMN     "deceased_seen_at" TIMESTAMPTZ(3),
ADD COLUMN     "last_extraction_id" UUID,
ADD COLUMN     "middle_name" TEXT,
ADD COLUMN     "name_confidence" REAL,
ADD COLUMN     "name_seen_at" TIMESTAMPTZ(3),
ADD COLUMN     "suffix" TEXT;

-- AlterTable
ALTER TABLE "identity_phones" ADD COLUMN     "import_file_id" UUID,
ADD COLUMN     "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "row_no" INTEGER,
ADD COLUMN     "source_column" TEXT;

-- AlterTable
ALTER TABLE "properties" ADD COLUMN     "absentee" BOOLEAN,
ADD COLUMN     "absentee_confidence" REAL,
ADD COLUMN     "absentee_seen_at" TIMESTAMPTZ(3),
ADD COLUMN     "apn" TEXT,
ADD COLUMN     "apn_confidence" REAL,
ADD COLUMN     "apn_seen_at" TIMESTAMPTZ(3),
ADD COLUMN     "assessed_value" BIGINT,
ADD COLUMN     "assessed_value_confidence" REAL,
ADD COLUMN     "assessed_value_seen_at" TIMESTAMPTZ(3),
ADD COLUMN     "bathrooms" REAL,
ADD COLUMN     "bathrooms_confidence" REAL,
ADD COLUMN     "bathrooms_seen_at" TIMESTAMPTZ(3),
ADD COLUMN     "bedrooms" INTEGER,
ADD COLUMN     "bedrooms_confidence" REAL,
ADD COLUMN     "bedrooms_seen_at" TIMESTAMPTZ(3),
ADD COLUMN     "county" TEXT,
ADD COLUMN     "county_confidence" REAL,
ADD COLUMN     "county_seen_at" TIMESTAMPTZ(3),
ADD COLUMN     "equity" BIGINT,
ADD COLUMN     "equity_confidence" REAL,
ADD COLUMN     "equity_percent" REAL,
ADD COLUMN     "equity_percent_confidence" REAL,
ADD COLUMN     "equity_percent_seen_at" TIMESTAMPTZ(3),
ADD COLUMN     "equity_seen_at" TIMESTAMPTZ(3),
ADD COLUMN     "estimated_value" BIGINT,
ADD COLUMN     "estimated_value_confidence" REAL,
ADD COLUMN     "estimated_value_seen_at" TIMESTAMPTZ(3),
ADD COLUMN     "last_sale_date" DATE,
ADD COLUMN     "last_sale_date_confidence" REAL,
ADD COLUMN     "last_sale_date_seen_at" TIMESTAMPTZ(3),
ADD COLUMN     "last_sale_price" BIGINT,
ADD COLUMN     "last_sale_price_confidence" REAL,
ADD COLUMN     "last_sale_price_seen_at" TIMESTAMPTZ(3),
ADD COLUMN     "living_sqft" INTEGER,
ADD COLUMN     "living_sqft_confidence" REAL,
ADD COLUMN     "living_sqft_seen_at" TIMESTAMPTZ(3),
ADD COLUMN     "lot_size_sqft" INTEGER,
ADD COLUMN     "lot_size_sqft_confidence" REAL,
ADD COLUMN     "lot_size_sqft_seen_at" TIMESTAMPTZ(3),
ADD COLUMN     "owner_occupied" BOOLEAN,
ADD COLUMN     "owner_occupied_confidence" REAL,
ADD COLUMN     "owner_occupied_seen_at" TIMESTAMPTZ(3),
ADD COLUMN     "property_type" TEXT,
ADD COLUMN     "property_type_confidence" REAL,
ADD COLUMN     "property_type_seen_at" TIMESTAMPTZ(3),
ADD COLUMN     "street_name" TEXT,
ADD COLUMN     "street_number" TEXT,
ADD COLUMN     "street_postdir" TEXT,
ADD COLUMN     "street_predir" TEXT,
ADD COLUMN     "street_suffix" TEXT,
ADD COLUMN     "unit_number" TEXT,
ADD COLUMN     "unit_type" TEXT,
ADD COLUMN     "vacant" BOOLEAN,
ADD COLUMN     "vacant_confidence" REAL,
ADD COLUMN     "vacant_seen_at" TIMESTAMPTZ(3),
ADD COLUMN     "year_built" INTEGER,
ADD COLUMN     "year_built_confidence" REAL,
ADD COLUMN     "year_built_seen_at" TIMESTAMPTZ(3),
ADD COLUMN     "zip4" TEXT,
ADD COLUMN     "zip4_confidence" REAL,
ADD COLUMN     "zip4_seen_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "leads" ADD COLUMN     "import_file_id" UUID,
ADD COLUMN     "row_no" INTEGER;

-- CreateTable
CREATE TABLE "import_extractions" (
    "id" UUID NOT NULL,
    "import_file_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "parser_key" TEXT NOT NULL,
    "parser_version" INTEGER NOT NULL,
    "column_map" JSONB,
    "confidence" REAL NOT NULL,
    "reasons" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" "ExtractionStatus" NOT NULL DEFAULT 'running',
    "next_row_no" INTEGER NOT NULL DEFAULT 1,
    "counts" JSONB NOT NULL DEFAULT '{}',
    "seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "import_extractions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "import_row_errors" (
    "id" BIGSERIAL NOT NULL,
    "import_file_id" UUID NOT NULL,
    "extraction_id" UUID NOT NULL,
    "row_no" INTEGER NOT NULL,
    "source_column" TEXT,
    "kind" TEXT NOT NULL,
    "value" TEXT,
    "message" TEXT NOT NULL,

    CONSTRAINT "import_row_errors_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "column_maps" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "map" JSONB NOT NULL,
    "created_by_user_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "column_maps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_addresses" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "address" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_addresses_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "identity_emails" (
    "identity_id" UUID NOT NULL,
    "email_id" UUID NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 1,
    "source" TEXT NOT NULL,
    "confidence" DECIMAL(4,3) NOT NULL DEFAULT 1,
    "import_file_id" UUID,
    "row_no" INTEGER,
    "source_column" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "identity_emails_pkey" PRIMARY KEY ("identity_id","email_id")
);

-- CreateTable
CREATE TABLE "identity_properties" (
    "identity_id" UUID NOT NULL,
    "property_id" UUID NOT NULL,
    "role" "PropertyRole" NOT NULL,
    "source" TEXT NOT NULL,
    "confidence" DECIMAL(4,3) NOT NULL DEFAULT 1,
    "import_file_id" UUID,
    "row_no" INTEGER,
    "source_column" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "identity_properties_pkey" PRIMARY KEY ("identity_id","property_id","role")
);

-- CreateTable
CREATE TABLE "lead_events" (
    "id" BIGSERIAL NOT NULL,
    "organization_id" UUID NOT NULL,
    "lead_id" UUID NOT NULL,
    "kind" "LeadEventKind" NOT NULL,
    "import_file_id" UUID,
    "extraction_id" UUID,
    "row_no" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lead_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consent_events" (
    "id" BIGSERIAL NOT NULL,
    "organization_id" UUID,
    "scope" "ConsentScope" NOT NULL,
    "kind" "ConsentKind" NOT NULL,
    "e164" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "evidence" JSONB NOT NULL DEFAULT '{}',
    "evidence_key" TEXT,
    "actor_type" "AuditActorType" NOT NULL,
    "actor_id" TEXT,
    "actor_label" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "consent_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "import_extractions_import_file_id_number_key" ON "import_extractions"("import_file_id", "number");

-- CreateIndex
CREATE INDEX "import_row_errors_import_file_id_extraction_id_row_no_idx" ON "import_row_errors"("import_file_id", "extraction_id", "row_no");

-- CreateIndex
CREATE INDEX "import_row_errors_extraction_id_kind_idx" ON "import_row_errors"("extraction_id", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "column_maps_organization_id_name_key" ON "column_maps"("organization_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "email_addresses_organization_id_address_key" ON "email_addresses"("organization_id", "address");

-- CreateIndex
CREATE INDEX "identity_emails_email_id_idx" ON "identity_emails"("email_id");

-- CreateIndex
CREATE INDEX "identity_properties_property_id_idx" ON "identity_properties"("property_id");

-- CreateIndex
CREATE INDEX "leads_property_id_idx" ON "leads"("property_id");

-- CreateIndex
CREATE INDEX "lead_events_organization_id_created_at_idx" ON "lead_events"("organization_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "lead_events_lead_id_extraction_id_kind_key" ON "lead_events"("lead_id", "extraction_id", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "consent_events_evidence_key_key" ON "consent_events"("evidence_key");

-- CreateIndex
CREATE INDEX "consent_events_organization_id_e164_created_at_idx" ON "consent_events"("organization_id", "e164", "created_at");

-- CreateIndex
CREATE INDEX "consent_events_scope_e164_created_at_idx" ON "consent_events"("scope", "e164", "created_at");

-- AddForeignKey
ALTER TABLE "import_extractions" ADD CONSTRAINT "import_extractions_import_file_id_fkey" FOREIGN KEY ("import_file_id") REFERENCES "import_files"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "import_row_errors" ADD CONSTRAINT "import_row_errors_extraction_id_fkey" FOREIGN KEY ("extraction_id") REFERENCES "import_extractions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "column_maps" ADD CONSTRAINT "column_maps_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_addresses" ADD CONSTRAINT "email_addresses_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "identity_emails" ADD CONSTRAINT "identity_emails_identity_id_fkey" FOREIGN KEY ("identity_id") REFERENCES "identities"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "identity_emails" ADD CONSTRAINT "identity_emails_email_id_fkey" FOREIGN KEY ("email_id") REFERENCES "email_addresses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "identity_properties" ADD CONSTRAINT "identity_properties_identity_id_fkey" FOREIGN KEY ("identity_id") REFERENCES "identities"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "identity_properties" ADD CONSTRAINT "identity_properties_property_id_fkey" FOREIGN KEY ("property_id") REFERENCES "properties"("id") ON DELETE CASCADE ON UPDATE CASCADE;



-- lead_events and consent_events are append-only, like audit_log: the trigger
-- refuses UPDATE, DELETE and TRUNCATE to every role, the owner included.
CREATE FUNCTION "append_only_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER "lead_events_append_only"
  BEFORE UPDATE OR DELETE ON "lead_events"
  FOR EACH ROW EXECUTE FUNCTION "append_only_refuse_change"();

CREATE TRIGGER "lead_events_no_truncate"
  BEFORE TRUNCATE ON "lead_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "append_only_refuse_change"();

CREATE TRIGGER "consent_events_append_only"
  BEFORE UPDATE OR DELETE ON "consent_events"
  FOR EACH ROW EXECUTE FUNCTION "append_only_refuse_change"();

CREATE TRIGGER "consent_events_no_truncate"
  BEFORE TRUNCATE ON "consent_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "append_only_refuse_change"();
