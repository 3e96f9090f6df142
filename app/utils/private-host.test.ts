import { describe, expect, it } from 'vitest'
import { isPrivateWebhookHost } from './private-host'

describe('isPrivateWebhookHost', () => {
  it.each(['localhost', 'app.localhost', 'LOCALHOST.', '127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.10', '169.254.169.254', '0.0.0.0', '100.64.0.1', '[::1]', '::', 'fd12:3456::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:a9fe:a9fe', '[::ffff:7f00:1]', 'metadata.google.internal', 'printer.local'])(
    'refuses %s',
    (host) => {
      expect(isPrivateWebhookHost(host)).toBe(true)
    },
  )

  it.each(['services.leadconnectorhq.com', 'hooks.example.com', '8.8.8.8', '172.32.0.1', '192.169.0.1', '2606:4700::1111'])('allows %s', (host) => {
    expect(isPrivateWebhookHost(host)).toBe(false)
  })
})
