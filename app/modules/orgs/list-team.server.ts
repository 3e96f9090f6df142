import { prisma } from '~/utils/db.server'

export async function listTeam({ organizationId }: { organizationId: string }) {
  const [members, invitations] = await Promise.all([
    prisma.user.findMany({
      where: { organizationId },
      orderBy: [{ status: 'asc' }, { name: 'asc' }],
      select: {
        id: true,
        name: true,
        email: true,
        role: true,
        status: true,
        lastSignInAt: true,
        createdAt: true,
        _count: { select: { passkeys: true } },
      },
    }),
    prisma.invitation.findMany({
      where: { organizationId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: 'desc' },
      select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
    }),
  ])
  return {
    members: members.map(({ _count, ...m }) => ({
      ...m,
      passkeys: _count.passkeys,
      lastSignInAt: m.lastSignInAt?.toISOString() ?? null,
      createdAt: m.createdAt.toISOString(),
    })),
    invitations: invitations.map((i) => ({ ...i, expiresAt: i.expiresAt.toISOString(), createdAt: i.createdAt.toISOString() })),
  }
}
