-- AlterEnum
ALTER TYPE "WebAuthnChallengePurpose" ADD VALUE 'step_up';

-- AlterTable
ALTER TABLE "webauthn_challenges" ADD COLUMN     "session_id" TEXT;

-- AlterTable
ALTER TABLE "sessions" ADD COLUMN     "passkey_verified_at" TIMESTAMPTZ(3);

