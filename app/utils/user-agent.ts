import Bowser from 'bowser'

/**
 * A person's name for the device behind a User-Agent header, e.g. "Chrome on
 * macOS" or "Safari on iPhone", for session lists and security emails. It is
 * a hint for recognising one's own devices, not evidence: any client can
 * send any header.
 */
export function describeUserAgent(userAgent: string | null | undefined): string {
  const ua = userAgent?.trim()
  if (!ua) return 'Unknown device'
  const { browser, os, platform } = Bowser.parse(ua)
  const system = platform.model ?? os.name
  if (browser.name && system) return `${browser.name} on ${system}`
  return browser.name || system || 'Unknown device'
}
