import type { Prisma } from '~/utils/db.server'

/**
 * Who looks at job runs (docs/decisions/026). Runs carry organization data in
 * their events, so an organization's admin sees only runs whose event named
 * their organization; the platform's super admin sees every run, including
 * platform work that belongs to no organization.
 */
export type JobRunViewer = { role: 'super_admin' | 'admin' | 'operator'; organizationId: string }

export function jobRunScope(viewer: JobRunViewer): Prisma.JobRunWhereInput {
  return viewer.role === 'super_admin' ? {} : { organizationId: viewer.organizationId }
}

/** The viewer of a signed-in user: where they act (the impersonated organization, for a super admin). */
export function jobRunViewerOf(user: { role: JobRunViewer['role']; organization: { id: string } }): JobRunViewer {
  return { role: user.role, organizationId: user.organization.id }
}
