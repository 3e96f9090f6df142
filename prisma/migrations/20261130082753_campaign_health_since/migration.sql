-- AlterTable
ALTER TABLE "campaigns" ADD COLUMN     "health_since" TIMESTAMPTZ(3);

