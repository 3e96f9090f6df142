-- LAND writes file_rows with COPY; a per-row foreign-key check and jsonb's
-- input parsing each cost it about half its speed (docs/decisions/024).

-- DropForeignKey
ALTER TABLE "file_rows" DROP CONSTRAINT "file_rows_import_file_id_fkey";

-- AlterTable
ALTER TABLE "import_files" ADD COLUMN     "line_ending" TEXT;

-- AlterTable
ALTER TABLE "file_rows" ALTER COLUMN "payload" SET DATA TYPE JSON USING "payload"::json;

-- ---------------------------------------------------------------------------
-- Hand-written: what Prisma cannot express.

-- What ON DELETE CASCADE did, once per statement instead of once per row
-- landed: deleting imports (or their organization) deletes their rows.
CREATE FUNCTION "file_rows_delete_with_import"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "file_rows" USING "deleted_imports" WHERE "file_rows"."import_file_id" = "deleted_imports"."id";
  RETURN NULL;
END
$$;

CREATE TRIGGER "import_files_delete_rows"
  AFTER DELETE ON "import_files"
  REFERENCING OLD TABLE AS "deleted_imports"
  FOR EACH STATEMENT EXECUTE FUNCTION "file_rows_delete_with_import"();
