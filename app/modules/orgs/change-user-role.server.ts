import type { UserActor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'
import { assertAdminRemains } from './assert-admin-remains.server'

/** Admins change roles within their organization; nobody changes their own. */
export async function changeUserRole(options: {
  actor: UserActor
  organizationId: string
  userId: string
  role: 'admin' | 'operator'
}) {
  if (options.userId === options.actor.userId) {
    throw new AppError('own_role', 'You cannot change your own role. Ask another admin.', 409)
  }
  return withAudit({ actor: options.actor, action: 'user.role_changed', target: { type: 'user', id: options.userId } }, async (tx) => {
    const user = await tx.user.findFirst({ where: { id: options.userId, organizationId: options.organizationId } })
    if (!user) throw new AppError('user_not_found', 'No such user.', 404)
    if (user.role === 'super_admin') throw new AppError('super_admin', 'Platform super admins are managed by the platform.', 409)
    if (user.role === options.role) return { result: null, summary: { unchanged: true } }
    await tx.user.update({ where: { id: user.id }, data: { role: options.role } })
    if (user.role === 'admin') await assertAdminRemains(tx, options.organizationId)
    return { result: null, summary: { before: { role: user.role }, after: { role: options.role } } }
  })
}
