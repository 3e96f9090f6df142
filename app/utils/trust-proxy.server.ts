import { isIP } from 'node:net'
import { z } from 'zod'

/**
 * Which proxies in front of our HTTP server may tell us the client's address
 * (X-Forwarded-For) and scheme (X-Forwarded-Proto), in the form Express's
 * `trust proxy` takes: nobody (false), the last `n` hops, or the peers whose
 * address is in one of these subnets. Never "everybody": the left-most
 * X-Forwarded-For entry is whatever the client wrote.
 */
export type TrustProxy = false | number | string[]

/** proxy-addr's names for the loopback, link-local and private ranges. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal'])

const TRUE_REFUSED =
  '"true" would trust any X-Forwarded-For a client sends (the left-most entry is whatever it wrote). ' +
  'Set the number of proxies in front of the app (e.g. 1), or their addresses or subnets ' +
  '(e.g. 10.0.0.0/8,fd00::/8 or loopback).'

function isAddressOrSubnet(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true
  const [address = '', prefix, ...rest] = entry.split('/')
  const family = isIP(address)
  if (family === 0 || rest.length > 0) return false
  if (prefix === undefined) return true
  if (!/^\d{1,3}$/.test(prefix)) return false
  return Number(prefix) <= (family === 4 ? 32 : 128)
}

export const trustProxySchema = z
  .string()
  .optional()
  .transform((raw, ctx): TrustProxy => {
    const value = (raw ?? '').trim().toLowerCase()
    if (value === '' || value === 'false' || value === '0') return false
    if (value === 'true') {
      ctx.addIssue({ code: 'custom', message: TRUE_REFUSED })
      return z.NEVER
    }
    if (/^\d+$/.test(value)) return Number(value)
    const entries = value.split(',').map((entry) => entry.trim())
    const invalid = entries.filter((entry) => !isAddressOrSubnet(entry))
    if (invalid.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `not a hop count, an IP address, a subnet (CIDR) or one of loopback, linklocal, uniquelocal: ${invalid.map((e) => JSON.stringify(e)).join(', ')}`,
      })
      return z.NEVER
    }
    return entries
  })
