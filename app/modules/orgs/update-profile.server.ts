import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'

export async function updateProfile(options: { userId: string; actor: Actor; name: string }) {
  return withAudit({ actor: options.actor, action: 'user.profile_updated', target: { type: 'user', id: options.userId } }, async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: options.userId }, select: { name: true } })
    await tx.user.update({ where: { id: options.userId }, data: { name: options.name } })
    return { result: null, summary: { before, after: { name: options.name } } }
  })
}
