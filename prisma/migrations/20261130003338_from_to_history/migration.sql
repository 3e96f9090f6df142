-- AlterTable
ALTER TABLE "verticals" ADD COLUMN     "retext_cross_vertical_days" INTEGER NOT NULL DEFAULT 45,
ADD COLUMN     "retext_same_vertical_days" INTEGER NOT NULL DEFAULT 90;

-- CreateTable
CREATE TABLE "from_to_history" (
    "organization_id" UUID NOT NULL,
    "to_e164" TEXT NOT NULL,
    "vertical_id" UUID NOT NULL,
    "from_e164" TEXT NOT NULL,
    "first_sent_at" TIMESTAMPTZ(3) NOT NULL,
    "last_sent_at" TIMESTAMPTZ(3) NOT NULL,
    "messages" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "from_to_history_pkey" PRIMARY KEY ("organization_id","to_e164","vertical_id")
);

-- AddForeignKey
ALTER TABLE "from_to_history" ADD CONSTRAINT "from_to_history_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "from_to_history" ADD CONSTRAINT "from_to_history_vertical_id_fkey" FOREIGN KEY ("vertical_id") REFERENCES "verticals"("id") ON DELETE CASCADE ON UPDATE CASCADE;

