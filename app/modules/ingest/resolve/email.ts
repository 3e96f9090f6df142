/**
 * Emails: trimmed, lower-cased (the local part is case-insensitive at every
 * provider our customers' leads use), and checked for the shape of an
 * address; an invalid one is a row error with its raw value.
 */

export type EmailResult = { ok: true; address: string } | { ok: false; message: string }

const SHAPE = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.[a-z]{2,}$/

export function resolveEmail(raw: string | null | undefined): EmailResult | null {
  const address = (raw ?? '').trim().replace(/^mailto:/i, '').toLowerCase()
  if (!address) return null
  if (address.length > 254 || address.includes('..') || !SHAPE.test(address)) {
    return { ok: false, message: 'Not a valid email address' }
  }
  return { ok: true, address }
}
