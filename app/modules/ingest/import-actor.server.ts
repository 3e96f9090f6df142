import { systemActor, type Actor } from '~/modules/audit/actor'
import { prisma } from '~/utils/db.server'

/**
 * Who an import acts for once it runs in the background: the person or API
 * key that started it, else the system. Audit rows and consent events name them.
 */
export async function importActor(importFile: {
  organizationId: string
  createdByUserId: string | null
  createdByApiKeyId: string | null
}): Promise<Actor> {
  if (importFile.createdByUserId) {
    const user = await prisma.user.findUnique({ where: { id: importFile.createdByUserId }, select: { email: true } })
    if (user) return { type: 'user', userId: importFile.createdByUserId, organizationId: importFile.organizationId, label: user.email }
  }
  if (importFile.createdByApiKeyId) {
    const key = await prisma.apiKey.findUnique({ where: { id: importFile.createdByApiKeyId }, select: { name: true, prefix: true } })
    if (key) return { type: 'api_key', apiKeyId: importFile.createdByApiKeyId, organizationId: importFile.organizationId, label: `${key.name} (${key.prefix})` }
  }
  return systemActor('ingest', { organizationId: importFile.organizationId })
}
