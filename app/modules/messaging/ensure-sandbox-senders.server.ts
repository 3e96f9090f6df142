import { randomInt } from 'node:crypto'
import type { Prisma } from '~/generated/prisma/client.ts'
import { prisma } from '~/utils/db.server'

/** The simulated numbers a sandbox organization sends from: one per demo region. */
export const SANDBOX_SENDER_NUMBERS = [
  { e164Suffix: '212', state: 'NY' },
  { e164Suffix: '305', state: 'FL' },
  { e164Suffix: '512', state: 'TX' },
  { e164Suffix: '602', state: 'AZ' },
  { e164Suffix: '415', state: 'CA' },
] as const

/**
 * A sandbox organization always sends through the simulated carrier: the
 * first time it sends, it gets a simulated account and five numbers. Nothing happens for other organizations, or when it has them.
 */
export async function ensureSandboxSenders(options: { organizationId: string; db?: Prisma.TransactionClient }) {
  const db = options.db ?? prisma
  const organization = await db.organization.findUniqueOrThrow({ where: { id: options.organizationId }, select: { environment: true } })
  if (organization.environment !== 'sandbox') return { created: false }
  const existing = await db.carrierAccount.findFirst({ where: { organizationId: options.organizationId, kind: 'simulated' } })
  if (existing) return { created: false }
  const account = await db.carrierAccount.create({
    data: { organizationId: options.organizationId, kind: 'simulated', name: 'Simulated carrier', mps: 50, dailyCap: 100_000 },
  })
  // Random lines (exchange 200–999): a number belongs to one organization, and a rare clash is just skipped.
  await db.senderNumber.createMany({
    data: SANDBOX_SENDER_NUMBERS.map((n) => ({
      organizationId: options.organizationId,
      carrierAccountId: account.id,
      e164: `+1${n.e164Suffix}${randomInt(2_000_000, 10_000_000)}`,
      areaCode: n.e164Suffix,
      state: n.state,
      mps: 10,
      dailyCap: 5000,
    })),
    skipDuplicates: true,
  })
  return { created: true }
}
