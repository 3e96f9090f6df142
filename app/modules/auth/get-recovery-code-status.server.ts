import { prisma } from '~/utils/db.server'

export async function getRecoveryCodeStatus({ userId }: { userId: string }) {
  const [total, unused] = await Promise.all([
    prisma.recoveryCode.count({ where: { userId } }),
    prisma.recoveryCode.count({ where: { userId, usedAt: null } }),
  ])
  return { total, unused }
}
