import { prisma } from '~/utils/db.server'

/** An organization's GoHighLevel settings as the settings page shows them: never the token, only its last four characters. */
export async function getGoHighLevelSettings(options: { organizationId: string }) {
  const row = await prisma.goHighLevelIntegration.findUnique({ where: { organizationId: options.organizationId } })
  if (!row) return null
  return {
    tokenHint: row.tokenHint,
    locationId: row.locationId,
    inboundWebhookUrl: row.inboundWebhookUrl,
    tags: row.tags,
    enabled: row.enabled,
    pushOnPositiveReply: row.pushOnPositiveReply,
    status: row.status,
    lastError: row.lastError,
    lastCheckedAt: row.lastCheckedAt,
    updatedAt: row.updatedAt,
  }
}
