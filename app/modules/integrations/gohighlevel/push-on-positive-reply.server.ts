import { systemActor } from '~/modules/audit/actor'
import { isAppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { requestGoHighLevelPush } from './request-gohighlevel-push.server'

/**
 * A reply read as interested: when the organization's GoHighLevel connection
 * is enabled, not failing and set to "push on positive reply", the
 * conversation's lead is pushed (trigger `positive_reply`). Anything else is
 * a quiet no, with its reason.
 */
export async function pushOnPositiveReply(options: { organizationId: string; messageId: string; conversationId: string }) {
  const { organizationId } = options
  const settings = await prisma.goHighLevelIntegration.findUnique({ where: { organizationId } })
  if (!settings?.enabled || !settings.pushOnPositiveReply) return { pushed: false as const, reason: 'push on positive reply is off' }
  if (settings.status === 'failing') return { pushed: false as const, reason: 'the GoHighLevel connection is failing' }
  const conversation = await prisma.conversation.findFirst({ where: { id: options.conversationId, organizationId }, select: { leadId: true } })
  if (!conversation?.leadId) return { pushed: false as const, reason: 'the conversation has no lead' }
  const already = await prisma.goHighLevelPush.findFirst({ where: { organizationId, messageId: options.messageId }, select: { id: true } })
  if (already) return { pushed: false as const, reason: 'this reply was pushed already', pushId: already.id }
  try {
    const push = await requestGoHighLevelPush({
      organizationId,
      leadId: conversation.leadId,
      actor: systemActor('positive_reply', { organizationId }),
      trigger: 'positive_reply',
      messageId: options.messageId,
    })
    return { pushed: true as const, pushId: push.id }
  } catch (error) {
    if (isAppError(error) && error.status < 500) return { pushed: false as const, reason: error.message }
    throw error
  }
}
