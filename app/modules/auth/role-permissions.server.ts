import { prisma } from '~/utils/db.server'

type Role = 'super_admin' | 'admin' | 'operator'

// Grants change only through migrations; a minute of caching saves a query per request.
const TTL_MS = 60_000
const cache = new Map<Role, { permissions: string[]; at: number }>()

export async function permissionsForRole(role: Role): Promise<string[]> {
  const cached = cache.get(role)
  if (cached && Date.now() - cached.at < TTL_MS) return cached.permissions
  const rows = await prisma.rolePermission.findMany({
    where: { role },
    select: { permission: { select: { action: true, entity: true, access: true } } },
  })
  const permissions = rows.map(({ permission: p }) => `${p.action}:${p.entity}:${p.access}`).sort()
  cache.set(role, { permissions, at: Date.now() })
  return permissions
}
