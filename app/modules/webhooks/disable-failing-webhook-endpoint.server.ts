import type { Actor } from '~/modules/audit/actor'
import { recordAudit } from '~/modules/audit/record-audit.server'
import { EMAIL_TAG } from '~/modules/integrations/email/email-tags'
import { sendEmail } from '~/modules/integrations/email/send-email.server'
import { prisma } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'

/**
 * Disables an endpoint that keeps failing (docs/decisions/049), stops its
 * waiting deliveries (`failed`) and emails every active admin of its
 * organization what happened and how to turn it back on — in one
 * transaction, audited. An endpoint already disabled is left as it is.
 */
export async function disableFailingWebhookEndpoint(options: { endpointId: string; actor: Actor; reason: string; now?: Date }): Promise<boolean> {
  const now = options.now ?? new Date()
  return prisma.$transaction(async (tx) => {
    const [endpoint] = await tx.webhookEndpoint.updateManyAndReturn({
      where: { id: options.endpointId, enabled: true },
      data: { enabled: false, disabledAt: now, disabledReason: options.reason },
      select: { id: true, url: true, organizationId: true, organization: { select: { name: true } } },
    })
    if (!endpoint) return false
    const stopped = await tx.webhookDelivery.updateMany({ where: { endpointId: endpoint.id, status: 'pending' }, data: { status: 'failed', nextAttemptAt: null } })
    await recordAudit(tx, {
      actor: options.actor,
      action: 'webhook_endpoint.disabled',
      organizationId: endpoint.organizationId,
      target: { type: 'webhook_endpoint', id: endpoint.id },
      summary: { reason: options.reason, url: endpoint.url, deliveriesStopped: stopped.count },
    })
    const admins = await tx.user.findMany({ where: { organizationId: endpoint.organizationId, role: 'admin', status: 'active' }, select: { email: true, name: true } })
    const env = getEnv()
    const settings = new URL('/settings/webhooks', env.APP_URL ?? `http://localhost:${env.PORT}`).href
    for (const admin of admins) {
      await sendEmail({
        db: tx,
        to: admin.email,
        organizationId: endpoint.organizationId,
        tag: EMAIL_TAG.webhookEndpointDisabled,
        carriesSecret: false,
        subject: `A webhook endpoint of ${endpoint.organization.name} was disabled`,
        text: [
          `Hello ${admin.name},`,
          '',
          `The webhook endpoint ${endpoint.url} of ${endpoint.organization.name} kept failing, so esd.quest stopped sending to it.`,
          '',
          options.reason,
          '',
          `Its delivery log shows each attempt and what the endpoint answered: ${settings}`,
          'Once the receiver works again, enable the endpoint there and replay the deliveries it missed.',
        ].join('\n'),
      })
    }
    return true
  })
}
