import { recordAudit } from '~/modules/audit/record-audit.server'
import { sendEmail } from '~/modules/integrations/email/send-email.server'
import { EMAIL_TAG } from '~/modules/integrations/email/email-tags'
import { prisma } from '~/utils/db.server'
import { createSignInLink, SIGN_IN_LINK_TTL_MS } from './create-sign-in-link.server'

/**
 * Emails a one-time recovery link (15 minutes, single use) if the address
 * belongs to an active user, and audits it. Runs in the background
 * (`auth-send-recovery-link`), after /recover has answered the same for every
 * address; `sent` is for the job's record, never for the person who asked.
 */
export async function sendRecoveryLink(options: { email: string; baseUrl: string; ip: string | null; requestId?: string | null }) {
  const email = options.email.trim().toLowerCase()
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, name: true, email: true, status: true, organizationId: true } })
  if (!user || user.status !== 'active') return { sent: false }
  await prisma.$transaction(async (tx) => {
    const link = await createSignInLink({ userId: user.id, baseUrl: options.baseUrl, purpose: 'recovery', db: tx })
    await sendEmail({
      db: tx,
      to: user.email,
      tag: EMAIL_TAG.recoveryLink,
      carriesSecret: true,
      subject: 'Recover your esd.quest account',
      text: [
        `Hello ${user.name},`,
        '',
        'Someone (hopefully you) asked to recover your esd.quest account. Open this link to register a new passkey:',
        '',
        link.url,
        '',
        `The link works once and expires in ${SIGN_IN_LINK_TTL_MS / 60_000} minutes. If you did not ask for it, ignore this email; nothing changes.`,
      ].join('\n'),
    })
    await recordAudit(tx, {
      actor: { type: 'user', userId: user.id, organizationId: user.organizationId, label: user.email, ip: options.ip, requestId: options.requestId },
      action: 'recovery.link_requested',
      target: { type: 'user', id: user.id },
    })
  })
  return { sent: true }
}
