import { prisma } from '~/utils/db.server'
import { senderDailyCap } from './sender-daily-cap'

export type CarrierAccountListing = {
  id: string
  kind: 'twilio' | 'simulated'
  name: string
  /** The last four characters of a Twilio Account SID; the SID itself stays on the server. */
  accountSidLast4: string | null
  status: 'active' | 'disabled'
  mps: number
  dailyCap: number
  createdAt: Date
  numbers: SenderNumberListing[]
}

export type SenderNumberListing = {
  id: string
  e164: string
  areaCode: string
  state: string | null
  status: 'active' | 'paused' | 'retired'
  pausedReason: string | null
  mps: number
  /** Once warmed up. */
  dailyCap: number
  /** What it may send today (lower while it warms up). */
  todayCap: number
  warmupStartedOn: string | null
  /** Messages it sent since 00:00 UTC. */
  sentToday: number
}

/**
 * The organization's carrier accounts, oldest first, each with its numbers
 * and what each sent today. Never the auth token (not even encrypted).
 */
export async function listCarrierAccounts(options: { organizationId: string; now?: Date }): Promise<CarrierAccountListing[]> {
  const now = options.now ?? new Date()
  const { organizationId } = options
  const accounts = await prisma.carrierAccount.findMany({
    where: { organizationId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      kind: true,
      name: true,
      accountSid: true,
      status: true,
      mps: true,
      dailyCap: true,
      createdAt: true,
      numbers: {
        orderBy: { e164: 'asc' },
        select: {
          id: true,
          e164: true,
          areaCode: true,
          state: true,
          status: true,
          pausedReason: true,
          mps: true,
          dailyCap: true,
          warmupStartedOn: true,
        },
      },
    },
  })
  const numberIds = accounts.flatMap((a) => a.numbers.map((n) => n.id))
  const startOfDay = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
  const sent = numberIds.length
    ? await prisma.sendQueueItem.groupBy({
        by: ['senderNumberId'],
        where: { organizationId, senderNumberId: { in: numberIds }, status: 'sent', sentAt: { gte: startOfDay } },
        _count: { _all: true },
      })
    : []
  const sentToday = new Map(sent.map((row) => [row.senderNumberId, row._count._all]))

  return accounts.map((account) => ({
    id: account.id,
    kind: account.kind,
    name: account.name,
    accountSidLast4: account.accountSid ? account.accountSid.slice(-4) : null,
    status: account.status,
    mps: account.mps,
    dailyCap: account.dailyCap,
    createdAt: account.createdAt,
    numbers: account.numbers.map((number) => ({
      id: number.id,
      e164: number.e164,
      areaCode: number.areaCode,
      state: number.state,
      status: number.status,
      pausedReason: number.pausedReason,
      mps: number.mps,
      dailyCap: number.dailyCap,
      todayCap: senderDailyCap(number, now),
      warmupStartedOn: number.warmupStartedOn?.toISOString().slice(0, 10) ?? null,
      sentToday: sentToday.get(number.id) ?? 0,
    })),
  }))
}
