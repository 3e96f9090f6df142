import { prisma } from '~/utils/db.server'

/** Whether the "Send to GoHighLevel" button shows for this organization: connected, enabled and not failing. */
export async function goHighLevelButtonState(options: { organizationId: string }): Promise<{ available: boolean }> {
  const settings = await prisma.goHighLevelIntegration.findUnique({ where: { organizationId: options.organizationId }, select: { enabled: true, status: true } })
  return { available: Boolean(settings?.enabled && settings.status !== 'failing') }
}
