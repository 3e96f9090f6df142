import { prisma } from '~/utils/db.server'

/** Who started each import, as a name to show: the user's name, the API key's name, or null (the system). */
export async function importCreators(imports: readonly { createdByUserId: string | null; createdByApiKeyId: string | null }[]) {
  const userIds = [...new Set(imports.map((i) => i.createdByUserId).filter((id): id is string => Boolean(id)))]
  const keyIds = [...new Set(imports.map((i) => i.createdByApiKeyId).filter((id): id is string => Boolean(id)))]
  const [users, keys] = await Promise.all([
    userIds.length ? prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }) : [],
    keyIds.length ? prisma.apiKey.findMany({ where: { id: { in: keyIds } }, select: { id: true, name: true } }) : [],
  ])
  const userNames = new Map(users.map((u) => [u.id, u.name]))
  const keyNames = new Map(keys.map((k) => [k.id, `API key “${k.name}”`]))
  return (entry: { createdByUserId: string | null; createdByApiKeyId: string | null }): string | null =>
    (entry.createdByUserId ? userNames.get(entry.createdByUserId) : undefined) ??
    (entry.createdByApiKeyId ? keyNames.get(entry.createdByApiKeyId) : undefined) ??
    null
}
