-- AlterTable
ALTER TABLE "email_outbox" ADD COLUMN     "carries_secret" BOOLEAN NOT NULL DEFAULT true;


-- Rows written before the column existed: the only emails that carried a
-- secret were recovery links and invitations.
UPDATE "email_outbox" SET "carries_secret" = ("tag" IN ('recovery-link', 'invitation'));
