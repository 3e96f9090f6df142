import type { UserActor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'
import { assertAdminRemains } from './assert-admin-remains.server'

/** Disabling ends every session of the user at once; enabling lets them sign in again. */
export async function setUserStatus(options: {
  actor: UserActor
  organizationId: string
  userId: string
  status: 'active' | 'disabled'
}) {
  if (options.userId === options.actor.userId) throw new AppError('own_status', 'You cannot disable your own account.', 409)
  const action = options.status === 'disabled' ? 'user.disabled' : 'user.enabled'
  return withAudit({ actor: options.actor, action, target: { type: 'user', id: options.userId } }, async (tx) => {
    const user = await tx.user.findFirst({ where: { id: options.userId, organizationId: options.organizationId } })
    if (!user) throw new AppError('user_not_found', 'No such user.', 404)
    if (user.role === 'super_admin') throw new AppError('super_admin', 'Platform super admins are managed by the platform.', 409)
    await tx.user.update({ where: { id: user.id }, data: { status: options.status } })
    let sessionsEnded = 0
    if (options.status === 'disabled') {
      sessionsEnded = (await tx.session.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: new Date() } })).count
      await assertAdminRemains(tx, options.organizationId)
    }
    return { result: null, summary: { before: { status: user.status }, after: { status: options.status }, sessionsEnded } }
  })
}
