-- DropIndex
DROP INDEX "leads_organization_id_created_at_id_idx";

-- CreateIndex
CREATE INDEX "leads_organization_id_created_at_id_idx" ON "leads"("organization_id", "created_at" DESC, "id" DESC);

