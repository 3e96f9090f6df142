import { prisma } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { ghlWebhookPayload } from './gohighlevel-lead-shape'
import { loadLeadForGoHighLevel } from './load-lead-for-gohighlevel.server'

const TIMEOUT_MS = 15_000

export class GhlWebhookError extends Error {
  override name = 'GhlWebhookError'
}

/**
 * Posts a pushed lead to the organization's Inbound Webhook URL (a GHL
 * workflow trigger) in the flat shape of `ghlWebhookPayload`, and records the
 * answer on the push. A 5xx, 429 or network failure throws (the job retries);
 * another answer is recorded as it is.
 */
export async function postGoHighLevelWebhook(options: { pushId: string }): Promise<{ status: 'posted' | 'refused' | 'none'; httpStatus?: number }> {
  const push = await prisma.goHighLevelPush.findUnique({ where: { id: options.pushId } })
  if (!push || push.status !== 'succeeded') return { status: 'none' }
  const settings = await prisma.goHighLevelIntegration.findUnique({ where: { organizationId: push.organizationId } })
  const url = settings?.inboundWebhookUrl
  if (!settings || !url) return { status: 'none' }
  const lead = await loadLeadForGoHighLevel({ organizationId: push.organizationId, leadId: push.leadId, messageId: push.messageId })
  const env = getEnv()
  const leadUrl = new URL(`/leads/${push.leadId}`, env.APP_URL ?? `http://localhost:${env.PORT}`).href
  const body = ghlWebhookPayload(lead, { id: push.id, trigger: push.trigger, contactId: push.contactId, at: push.finishedAt ?? new Date(), leadUrl }, settings)
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'esd.quest-gohighlevel/1' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    })
    await response.arrayBuffer().catch(() => null)
  } catch (error) {
    const message = `The Inbound Webhook could not be reached: ${error instanceof Error ? error.message : String(error)}`
    await prisma.goHighLevelPush.update({ where: { id: push.id }, data: { webhookStatus: null, webhookError: message } })
    throw new GhlWebhookError(message)
  }
  const ok = response.status >= 200 && response.status < 300
  const error = ok ? null : `The Inbound Webhook answered ${response.status}.`
  await prisma.goHighLevelPush.update({ where: { id: push.id }, data: { webhookStatus: response.status, webhookError: error } })
  if (response.status === 429 || response.status >= 500) throw new GhlWebhookError(error!)
  return { status: ok ? 'posted' : 'refused', httpStatus: response.status }
}
