-- CreateEnum
CREATE TYPE "JobStepStatus" AS ENUM ('running', 'sleeping', 'completed', 'errored', 'failed');

-- AlterTable
ALTER TABLE "job_runs" ADD COLUMN     "cancel_requested_at" TIMESTAMPTZ(3),
ADD COLUMN     "concurrency" JSONB,
ADD COLUMN     "organization_id" UUID,
ADD COLUMN     "started_at" TIMESTAMPTZ(3),
ADD COLUMN     "throttle" JSONB,
ADD COLUMN     "throttle_key" TEXT;

-- CreateTable
CREATE TABLE "job_run_steps" (
    "id" UUID NOT NULL,
    "job_run_id" UUID NOT NULL,
    "step_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" "JobStepStatus" NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    "duration_ms" INTEGER,
    "error" JSONB,
    "worker_id" TEXT,

    CONSTRAINT "job_run_steps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_throttles" (
    "key" TEXT NOT NULL,
    "tat" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "job_throttles_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "job_run_steps_job_run_id_started_at_idx" ON "job_run_steps"("job_run_id", "started_at");

-- CreateIndex
CREATE UNIQUE INDEX "job_run_steps_job_run_id_step_id_key" ON "job_run_steps"("job_run_id", "step_id");

-- CreateIndex
CREATE INDEX "job_runs_organization_id_created_at_id_idx" ON "job_runs"("organization_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "job_runs_created_at_id_idx" ON "job_runs"("created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "job_runs_throttle_key_status_idx" ON "job_runs"("throttle_key", "status");

-- AddForeignKey
ALTER TABLE "job_run_steps" ADD CONSTRAINT "job_run_steps_job_run_id_fkey" FOREIGN KEY ("job_run_id") REFERENCES "job_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Job runs: admins see and act on their organization's, the super admin on every one (docs/decisions/026).
INSERT INTO "permissions" ("id", "action", "entity", "access", "description") VALUES
  (gen_random_uuid(), 'read',   'job_run', 'any', 'See background job runs and their steps'),
  (gen_random_uuid(), 'manage', 'job_run', 'any', 'Retry failed job runs and cancel unfinished ones');

INSERT INTO "role_permissions" ("role", "permission_id")
SELECT grants.role::"UserRole", p.id
  FROM (VALUES
    ('admin', 'read:job_run:any'), ('admin', 'manage:job_run:any'),
    ('super_admin', 'read:job_run:any'), ('super_admin', 'manage:job_run:any')
  ) AS grants(role, permission)
  JOIN "permissions" p ON p.action || ':' || p.entity || ':' || p.access = grants.permission;
