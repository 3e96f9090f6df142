import { isIP } from 'node:net'
import ipaddr from 'ipaddr.js'

/**
 * An address in one canonical spelling (RFC 5952 for IPv6; an IPv4-mapped
 * IPv6 address as the IPv4 it is), or null for anything that is not one.
 */
export function normalizeIp(value: string | null | undefined): string | null {
  const candidate = value?.trim()
  if (!candidate || isIP(candidate) === 0) return null
  return ipaddr.process(candidate).toString()
}

/**
 * Whom an IP rate limit counts: an IPv4 address, or the /64 of an IPv6 one
 * (one subscriber's network: anybody holding it can use all its 2^64
 * addresses). Requests with no known address share one bucket.
 */
export function ipRateLimitSubject(ip: string | null | undefined): string {
  const normalized = normalizeIp(ip)
  if (!normalized) return 'unknown'
  const address = ipaddr.parse(normalized)
  if (address.kind() === 'ipv4') return normalized
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${normalized}/64`).toString()}/64`
}
