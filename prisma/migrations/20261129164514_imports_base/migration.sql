-- CreateEnum
CREATE TYPE "UploadStatus" AS ENUM ('uploading', 'complete', 'expired');

-- CreateEnum
CREATE TYPE "ImportClass" AS ENUM ('universe', 'enrichment', 'compliance');

-- CreateEnum
CREATE TYPE "ImportStage" AS ENUM ('land', 'parse', 'resolve', 'merge', 'record', 'done');

-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('queued', 'running', 'paused', 'completed', 'failed', 'cancelled');

-- CreateTable
CREATE TABLE "uploads" (
    "id" TEXT NOT NULL,
    "organization_id" UUID NOT NULL,
    "filename" TEXT NOT NULL,
    "byte_size" BIGINT NOT NULL,
    "storage" TEXT NOT NULL,
    "storage_key" TEXT NOT NULL,
    "sha256" TEXT,
    "status" "UploadStatus" NOT NULL DEFAULT 'uploading',
    "created_by_user_id" UUID,
    "created_by_api_key_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "uploads_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "import_files" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "upload_id" TEXT,
    "rerun_of_id" UUID,
    "filename" TEXT NOT NULL,
    "byte_size" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "storage" TEXT NOT NULL,
    "storage_key" TEXT NOT NULL,
    "class" "ImportClass" NOT NULL,
    "vertical_id" UUID,
    "compliance_kind" TEXT,
    "parser_key" TEXT,
    "parser_version" INTEGER,
    "column_map" JSONB,
    "encoding" TEXT,
    "delimiter" TEXT,
    "header" JSONB,
    "stage" "ImportStage" NOT NULL DEFAULT 'land',
    "status" "ImportStatus" NOT NULL DEFAULT 'queued',
    "land_byte_offset" BIGINT NOT NULL DEFAULT 0,
    "land_next_row_no" INTEGER NOT NULL DEFAULT 1,
    "row_count" INTEGER,
    "progress" JSONB NOT NULL DEFAULT '{}',
    "counts" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "created_by_user_id" UUID,
    "created_by_api_key_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "import_files_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "file_rows" (
    "import_file_id" UUID NOT NULL,
    "row_no" INTEGER NOT NULL,
    "payload" JSONB NOT NULL,
    "error" TEXT,

    CONSTRAINT "file_rows_pkey" PRIMARY KEY ("import_file_id","row_no")
);

-- CreateIndex
CREATE INDEX "uploads_organization_id_created_at_idx" ON "uploads"("organization_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "uploads_status_expires_at_idx" ON "uploads"("status", "expires_at");

-- CreateIndex
CREATE INDEX "import_files_organization_id_created_at_id_idx" ON "import_files"("organization_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "import_files_organization_id_sha256_idx" ON "import_files"("organization_id", "sha256");

-- AddForeignKey
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "import_files" ADD CONSTRAINT "import_files_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "import_files" ADD CONSTRAINT "import_files_upload_id_fkey" FOREIGN KEY ("upload_id") REFERENCES "uploads"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "import_files" ADD CONSTRAINT "import_files_vertical_id_fkey" FOREIGN KEY ("vertical_id") REFERENCES "verticals"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "file_rows" ADD CONSTRAINT "file_rows_import_file_id_fkey" FOREIGN KEY ("import_file_id") REFERENCES "import_files"("id") ON DELETE CASCADE ON UPDATE CASCADE;

