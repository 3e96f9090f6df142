import { isIP } from 'node:net'

/**
 * Whether a URL's host names this machine or a private network by itself:
 * `localhost`, a loopback, private, link-local, shared (100.64/10) or
 * unspecified IPv4 or IPv6 literal, IPv4-mapped IPv6 in either spelling
 * (`::ffff:169.254.169.254`, or `::ffff:a9fe:a9fe` as URL parsing writes it).
 * Production refuses such outbound URLs (webhook endpoints, GoHighLevel's
 * Inbound Webhook), so nobody can point the server's POSTs at its own
 * network. A public name that resolves to a private address is not caught
 * here (no DNS).
 */
export function isPrivateWebhookHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '')
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal') || host.endsWith('.local')) return true
  const version = isIP(host)
  if (version === 4) return privateV4(host)
  if (version === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host)
    if (mapped) return privateV4(mapped[1]!)
    const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host)
    if (mappedHex) {
      const [high, low] = [parseInt(mappedHex[1]!, 16), parseInt(mappedHex[2]!, 16)]
      return privateV4(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`)
    }
    return host === '::' || host === '::1' || /^f[cd][0-9a-f]{2}:/.test(host) || /^fe[89ab][0-9a-f]:/.test(host)
  }
  return false
}

function privateV4(address: string): boolean {
  const [a, b] = address.split('.').map(Number) as [number, number]
  return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)
}
