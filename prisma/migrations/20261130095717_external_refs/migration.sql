-- CreateTable
CREATE TABLE "external_refs" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" UUID NOT NULL,
    "system" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "external_refs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "external_refs_organization_id_entity_type_entity_id_idx" ON "external_refs"("organization_id", "entity_type", "entity_id");

-- CreateIndex
CREATE UNIQUE INDEX "external_refs_organization_id_system_entity_type_external_i_key" ON "external_refs"("organization_id", "system", "entity_type", "external_id");

-- AddForeignKey
ALTER TABLE "external_refs" ADD CONSTRAINT "external_refs_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- What Prisma cannot express: the system is a lowercase slug, the external id 1–255 characters.
ALTER TABLE "external_refs" ADD CONSTRAINT "external_refs_system_check" CHECK ("system" ~ '^[a-z0-9][a-z0-9_-]{0,63}$');
ALTER TABLE "external_refs" ADD CONSTRAINT "external_refs_external_id_check" CHECK (char_length("external_id") BETWEEN 1 AND 255);
