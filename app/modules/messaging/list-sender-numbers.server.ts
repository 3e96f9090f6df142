import { AppError } from '~/utils/app-error'
import { listCarrierAccounts, type SenderNumberListing } from './list-carrier-accounts.server'

export type SenderNumberView = SenderNumberListing & {
  carrierAccount: { id: string; name: string; kind: 'twilio' | 'simulated'; status: 'active' | 'disabled' }
}

/**
 * The organization's sender numbers, each with its carrier account, caps and
 * what it sent today (by account, oldest first, then by number): what
 * listCarrierAccounts reads, one number at a time.
 */
export async function listSenderNumbers(options: { organizationId: string; now?: Date }): Promise<SenderNumberView[]> {
  const accounts = await listCarrierAccounts(options)
  return accounts.flatMap((account) =>
    account.numbers.map((number) => ({ ...number, carrierAccount: { id: account.id, name: account.name, kind: account.kind, status: account.status } })),
  )
}

/** One sender number of the organization; another organization's, or none, is the same 404. */
export async function getSenderNumber(options: { organizationId: string; senderNumberId: string; now?: Date }): Promise<SenderNumberView> {
  const found = (await listSenderNumbers(options)).find((n) => n.id === options.senderNumberId)
  if (!found) throw new AppError('sender_number_not_found', 'Sender number not found.', 404)
  return found
}
