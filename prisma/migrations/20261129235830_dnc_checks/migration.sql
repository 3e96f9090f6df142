-- CreateTable
CREATE TABLE "dnc_checks" (
    "e164" TEXT NOT NULL,
    "listed" BOOLEAN NOT NULL,
    "provider" TEXT NOT NULL,
    "response" JSONB NOT NULL DEFAULT '{}',
    "checked_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "dnc_checks_pkey" PRIMARY KEY ("e164")
);

