-- CreateEnum
CREATE TYPE "ConversationStatus" AS ENUM ('open', 'closed');

-- AlterTable
ALTER TABLE "conversations" ADD COLUMN     "assigned_user_id" UUID,
ADD COLUMN     "closed_at" TIMESTAMPTZ(3),
ADD COLUMN     "status" "ConversationStatus" NOT NULL DEFAULT 'open',
ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateIndex
CREATE INDEX "conversations_organization_id_status_last_message_at_idx" ON "conversations"("organization_id", "status", "last_message_at" DESC);

-- CreateIndex
CREATE INDEX "conversations_organization_id_assigned_user_id_last_message_idx" ON "conversations"("organization_id", "assigned_user_id", "last_message_at" DESC);

-- CreateIndex
CREATE INDEX "conversations_lead_id_idx" ON "conversations"("lead_id");

-- CreateIndex
CREATE INDEX "send_queue_organization_id_created_at_idx" ON "send_queue"("organization_id", "created_at");

-- CreateIndex
CREATE INDEX "messages_organization_id_direction_created_at_idx" ON "messages"("organization_id", "direction", "created_at");

-- AddForeignKey
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_assigned_user_id_fkey" FOREIGN KEY ("assigned_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

