import { recordAudit } from '~/modules/audit/record-audit.server'
import { hashToken } from '~/modules/auth/tokens.server'
import { prisma } from '~/utils/db.server'
import { AppError } from '~/utils/app-error'

/**
 * A super admin starts or stops acting inside another organization. The
 * entry lands in that organization's own audit log, so its admins see who
 * came in and when; a banner shows it on every page meanwhile.
 */
export async function setImpersonation(options: {
  superAdmin: { id: string; email: string; role: string; homeOrganizationId: string }
  sessionToken: string
  organizationId: string | null
  ip: string | null
  requestId?: string | null
}) {
  if (options.superAdmin.role !== 'super_admin') throw new AppError('not_allowed', 'Only platform super admins can do this.', 403)
  const sessionId = hashToken(options.sessionToken)
  const session = await prisma.session.findUnique({ where: { id: sessionId }, select: { impersonatedOrganizationId: true } })
  if (!session) throw new AppError('session_gone', 'Your session has ended. Sign in again.', 401)
  const target =
    options.organizationId && options.organizationId !== options.superAdmin.homeOrganizationId
      ? await prisma.organization.findUnique({ where: { id: options.organizationId }, select: { id: true, name: true } })
      : null
  if (options.organizationId && options.organizationId !== options.superAdmin.homeOrganizationId && !target) {
    throw new AppError('organization_not_found', 'No such organization.', 404)
  }
  const previous = session.impersonatedOrganizationId
  await prisma.$transaction(async (tx) => {
    await tx.session.update({ where: { id: sessionId }, data: { impersonatedOrganizationId: target?.id ?? null } })
    const base = {
      type: 'user' as const,
      userId: options.superAdmin.id,
      label: options.superAdmin.email,
      impersonatorId: options.superAdmin.id,
      ip: options.ip,
      requestId: options.requestId,
    }
    if (previous && previous !== target?.id) {
      await recordAudit(tx, { actor: { ...base, organizationId: previous }, action: 'impersonation.stopped', target: { type: 'organization', id: previous } })
    }
    if (target && previous !== target.id) {
      await recordAudit(tx, {
        actor: { ...base, organizationId: target.id },
        action: 'impersonation.started',
        target: { type: 'organization', id: target.id },
        summary: { organization: target.name },
      })
    }
  })
}
