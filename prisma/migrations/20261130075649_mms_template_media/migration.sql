-- AlterTable
ALTER TABLE "send_queue" ADD COLUMN     "media_id" UUID;

-- AlterTable
ALTER TABLE "message_templates" ADD COLUMN     "media_id" UUID;

-- CreateTable
CREATE TABLE "template_media" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "content_type" TEXT NOT NULL,
    "byte_size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "filename" TEXT,
    "storage" TEXT NOT NULL,
    "storage_key" TEXT NOT NULL,
    "access_token" TEXT NOT NULL,
    "created_by_label" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "template_media_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "template_media_organization_id_sha256_key" ON "template_media"("organization_id", "sha256");

-- AddForeignKey
ALTER TABLE "send_queue" ADD CONSTRAINT "send_queue_media_id_fkey" FOREIGN KEY ("media_id") REFERENCES "template_media"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message_templates" ADD CONSTRAINT "message_templates_media_id_fkey" FOREIGN KEY ("media_id") REFERENCES "template_media"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "template_media" ADD CONSTRAINT "template_media_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

