-- Trigram operators and GIN opclass for the lead grid's fuzzy search (a trusted extension: the database owner may create it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "identities_full_name_trgm_idx" ON "identities" USING GIN ("full_name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "properties_line1_trgm_idx" ON "properties" USING GIN ("line1" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "properties_organization_id_postal_code_idx" ON "properties"("organization_id", "postal_code");

-- CreateIndex
CREATE INDEX "leads_tags_idx" ON "leads" USING GIN ("tags");

-- CreateIndex
CREATE INDEX "leads_import_file_id_idx" ON "leads"("import_file_id");

