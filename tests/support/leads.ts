import { randomUUID } from 'node:crypto'
import { prisma } from '~/utils/db.server'
import { createVertical } from './landed-import'

let serial = 0
/**
 * A fresh valid US number in an area code (2xx–9xx exchanges are valid; 555-01xx would be fictional), never
 * one the simulated national DNC registry lists (lines 00xx, app/modules/compliance/dnc-provider.server.ts).
 */
export function freshNumber(areaCode = '512'): string {
  for (;;) {
    const number = `+1${areaCode}${String(2_000_000 + ((Date.now() * 13 + serial++ * 7919) % 7_000_000)).padStart(7, '0')}`
    if (!/00\d\d$/.test(number)) return number
  }
}

/**
 * Leads in an organization, one per number: an identity with that phone, a
 * property in `state`, one vertical for all. Returns the leads in order.
 */
export async function createLeads(organizationId: string, people: { phone: string | null; state?: string }[], verticalKey = 'seller') {
  const vertical =
    (await prisma.vertical.findFirst({ where: { organizationId, key: verticalKey } })) ?? (await createVertical(organizationId, verticalKey))
  const leads = []
  for (const person of people) {
    const tag = randomUUID()
    const property = await prisma.property.create({
      data: { organizationId, propertyHash: tag, line1: `${serial++} Main St`, city: 'Austin', state: person.state ?? 'TX', postalCode: '78701' },
    })
    const identity = await prisma.identity.create({ data: { organizationId, identityHash: tag, fullName: `Person ${tag.slice(0, 6)}` } })
    if (person.phone) {
      const phone = await prisma.phoneNumber.upsert({ where: { e164: person.phone }, create: { e164: person.phone, lineType: 'mobile' }, update: {} })
      await prisma.identityPhone.create({ data: { identityId: identity.id, phoneId: phone.id, source: 'test' } })
    }
    leads.push(
      await prisma.lead.create({ data: { organizationId, identityId: identity.id, verticalId: vertical.id, propertyId: property.id } }),
    )
  }
  return { vertical, leads }
}

/**
 * Runs the send path's clock at `hourUtc` o'clock today (UTC): 19:00 is
 * inside every US mainland and Hawaii window, any day of the week. Returns
 * the restore function.
 */
export function sendClockAt(hourUtc: number, resetEnv: () => void) {
  const saved = process.env.SEND_CLOCK_OFFSET_MS
  const target = new Date()
  target.setUTCHours(hourUtc, 0, 0, 0)
  process.env.SEND_CLOCK_OFFSET_MS = String(target.getTime() - Date.now())
  resetEnv()
  return () => {
    if (saved === undefined) delete process.env.SEND_CLOCK_OFFSET_MS
    else process.env.SEND_CLOCK_OFFSET_MS = saved
    resetEnv()
  }
}
