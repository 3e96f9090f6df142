import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { areaCodeGeography } from '~/modules/compliance/area-code-geography.server'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { decryptCarrierToken } from './carrier-token-crypto.server'
import { twilioCallError } from './twilio-call-error.server'
import { createTwilioClient } from './twilio-client.server'

/** What a newly imported number may send: 1 message a second, 250 a day once warmed up. */
export const IMPORTED_NUMBER_MPS = 1
export const IMPORTED_NUMBER_DAILY_CAP = 250

const NANP = /^\+1[2-9]\d{2}[2-9]\d{6}$/

export type ImportedTwilioNumbers = {
  /** Numbers Twilio lists for the account. */
  listed: number
  /** Added as sender numbers of this account, warming up from today. */
  imported: string[]
  /** Already this organization's numbers; unchanged. */
  unchanged: number
  /** This organization's numbers that were under another of its carrier accounts and now sit under this one. */
  moved: string[]
  /** Numbers another organization sends from: left with it. */
  refused: { e164: string; reason: string }[]
  /** Numbers that cannot send SMS, or are not North American numbers. */
  skipped: { e164: string; reason: string }[]
  /** This account's numbers here that Twilio no longer lists (left as they are). */
  missingFromTwilio: number
}

const REFUSED =
  'Twilio refused the credentials stored for this account (was the Auth Token rotated?). Add the account again with its current token.'

/**
 * Lists the numbers of one of the organization's Twilio accounts through the
 * SDK and makes every SMS-capable North American one a sender number of that
 * account: area code from the number, state when the area code lies in
 * exactly one, warm-up from today, 1 message a second and 250 a day. A
 * number belongs to one organization: one another organization already has
 * is reported, never taken.
 */
export async function importTwilioNumbers(options: {
  organizationId: string
  actor: Actor
  carrierAccountId: string
  now?: Date
  timeoutMs?: number
}): Promise<ImportedTwilioNumbers> {
  const now = options.now ?? new Date()
  const { organizationId } = options
  const account = await prisma.carrierAccount.findFirst({
    where: { id: options.carrierAccountId, organizationId },
    select: { id: true, name: true, kind: true, status: true, accountSid: true, authTokenCiphertext: true, authTokenKeyId: true },
  })
  if (!account) throw new AppError('carrier_account_not_found', 'Carrier account not found.', 404)
  if (account.kind !== 'twilio' || !account.accountSid || !account.authTokenCiphertext || !account.authTokenKeyId) {
    throw new AppError('carrier_account_not_twilio', 'Only a Twilio account’s numbers can be imported.', 409)
  }
  if (account.status !== 'active') {
    throw new AppError('carrier_account_disabled', `“${account.name}” is disabled; enable it before importing its numbers.`, 409)
  }

  const client = createTwilioClient({
    accountSid: account.accountSid,
    authToken: decryptCarrierToken({ ciphertext: account.authTokenCiphertext, keyId: account.authTokenKeyId }),
    apiBaseUrl: getEnv().TWILIO_API_BASE_URL,
    timeoutMs: options.timeoutMs ?? 15_000,
  })
  let listed: { phoneNumber: string; capabilities: { sms?: boolean } | null }[]
  try {
    listed = await client.incomingPhoneNumbers.list()
  } catch (error) {
    throw twilioCallError(error, REFUSED)
  }

  const skipped: ImportedTwilioNumbers['skipped'] = []
  const candidates = new Set<string>()
  for (const number of listed) {
    const e164 = number.phoneNumber
    if (!number.capabilities?.sms) skipped.push({ e164, reason: 'Cannot send SMS' })
    else if (!NANP.test(e164)) skipped.push({ e164, reason: 'Not a US or Canadian number' })
    else candidates.add(e164)
  }
  const warmupStartedOn = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))

  return withAudit(
    { actor: options.actor, action: 'carrier_account.numbers_imported', organizationId, target: { type: 'carrier_account', id: account.id } },
    async (tx) => {
      const e164s = [...candidates]
      const existing = await tx.senderNumber.findMany({
        where: { e164: { in: e164s } },
        select: { id: true, e164: true, organizationId: true, carrierAccountId: true },
      })
      const known = new Map(existing.map((n) => [n.e164, n]))
      const refused: ImportedTwilioNumbers['refused'] = []
      const moved: string[] = []
      let unchanged = 0
      for (const number of existing) {
        if (number.organizationId !== organizationId) refused.push({ e164: number.e164, reason: 'Another organization sends from this number' })
        else if (number.carrierAccountId !== account.id) moved.push(number.e164)
        else unchanged++
      }
      if (moved.length) {
        await tx.senderNumber.updateMany({ where: { organizationId, e164: { in: moved } }, data: { carrierAccountId: account.id } })
      }

      const fresh = e164s.filter((e164) => !known.has(e164))
      const created = await tx.senderNumber.createManyAndReturn({
        data: fresh.map((e164) => {
          const states = areaCodeGeography(e164)?.states ?? []
          return {
            organizationId,
            carrierAccountId: account.id,
            e164,
            areaCode: e164.slice(2, 5),
            state: states.length === 1 ? states[0]! : null,
            mps: IMPORTED_NUMBER_MPS,
            dailyCap: IMPORTED_NUMBER_DAILY_CAP,
            warmupStartedOn,
          }
        }),
        // Another import (here or elsewhere) took a number since the read above.
        skipDuplicates: true,
        select: { e164: true },
      })
      const imported = created.map((n) => n.e164).sort()
      const raced = fresh.filter((e164) => !imported.includes(e164))
      if (raced.length) {
        const taken = await tx.senderNumber.findMany({ where: { e164: { in: raced } }, select: { e164: true, organizationId: true } })
        for (const number of taken) {
          if (number.organizationId === organizationId) unchanged++
          else refused.push({ e164: number.e164, reason: 'Another organization sends from this number' })
        }
      }

      const missingFromTwilio = await tx.senderNumber.count({
        where: { carrierAccountId: account.id, status: { not: 'retired' }, e164: { notIn: [...candidates] } },
      })
      const result: ImportedTwilioNumbers = {
        listed: listed.length,
        imported,
        unchanged,
        moved: moved.sort(),
        refused: refused.sort((a, b) => a.e164.localeCompare(b.e164)),
        skipped,
        missingFromTwilio,
      }
      return {
        result,
        summary: {
          account: account.name,
          listed: result.listed,
          imported: imported.length,
          unchanged,
          moved: result.moved,
          refused: result.refused.map((n) => n.e164),
          skipped: skipped.length,
          missingFromTwilio,
        },
      }
    },
  )
}
