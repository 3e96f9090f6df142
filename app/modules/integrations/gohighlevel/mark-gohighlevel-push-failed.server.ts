import { prisma } from '~/utils/db.server'
import { finishFailed } from './push-lead-to-gohighlevel.server'

/** After the job's last retry: the push ends `failed` with the last reason (a push already finished is left alone). */
export async function markGoHighLevelPushFailed(options: { pushId: string; error: string }) {
  const push = await prisma.goHighLevelPush.findUnique({ where: { id: options.pushId } })
  if (!push || push.status !== 'pending') return { status: push?.status ?? 'missing' }
  return finishFailed(push.id, push.organizationId, `Gave up after ${push.attempts} attempts: ${options.error}`)
}
