import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DncProviderError, httpDncProvider, simulatedDncProvider } from './dnc-provider.server'

/** A DNC.com-style scrub endpoint at the HTTP boundary: answers per phone from `codes`, or misbehaves on request. */
let server: Server
let url: string
const requests: URL[] = []
let behaviour: 'ok' | 'error' | 'slow' | 'not-json' = 'ok'
const codes: Record<string, string> = { '5122345678': 'C', '3055550187': 'D', '2125550100': 'L', '7135550111': 'X' }

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response) => {
    const requested = new URL(request.url!, 'http://fake')
    requests.push(requested)
    if (behaviour === 'error') return response.writeHead(500).end('boom')
    if (behaviour === 'not-json') return response.writeHead(200, { 'content-type': 'text/html' }).end('<html>')
    const answer = () =>
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify((requested.searchParams.get('phoneList') ?? '').split(',').filter((p) => p in codes).map((p) => ({ Phone: p, ResultCode: codes[p] }))))
    if (behaviour === 'slow') setTimeout(answer, 500)
    else answer()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/app/main/rpc/scrub`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

describe('httpDncProvider', () => {
  it('asks for 10-digit numbers with the key, and counts only C (clean) as not listed', async () => {
    behaviour = 'ok'
    const provider = httpDncProvider({ url, key: 'login-123', timeoutMs: 2000 })
    const answers = await provider.lookup(['+15122345678', '+13055550187', '+12125550100', '+17135550111', '+16025550123'])
    expect(requests.at(-1)!.searchParams.get('loginId')).toBe('login-123')
    expect(requests.at(-1)!.searchParams.get('phoneList')).toBe('5122345678,3055550187,2125550100,7135550111,6025550123')
    expect(answers).toEqual([
      { e164: '+15122345678', listed: false, response: { resultCode: 'C' } },
      { e164: '+13055550187', listed: true, response: { resultCode: 'D' } },
      { e164: '+12125550100', listed: true, response: { resultCode: 'L' } },
      // A code we do not know blocks rather than allows.
      { e164: '+17135550111', listed: true, response: { resultCode: 'X' } },
    ])
  })

  it('fails on an HTTP error, an answer that is not JSON, and a timeout', async () => {
    const provider = httpDncProvider({ url, key: 'k', timeoutMs: 150 })
    behaviour = 'error'
    await expect(provider.lookup(['+15122345678'])).rejects.toThrow(new DncProviderError('The DNC provider answered HTTP 500'))
    behaviour = 'not-json'
    await expect(provider.lookup(['+15122345678'])).rejects.toThrow(/not JSON/)
    behaviour = 'slow'
    await expect(provider.lookup(['+15122345678'])).rejects.toThrow(/did not answer/)
    behaviour = 'ok'
  })
})

describe('simulatedDncProvider', () => {
  it('lists the numbers ending 0000–0099 and no other', async () => {
    expect((await simulatedDncProvider.lookup(['+15125550042', '+15125550100', '+15125559900'])).map((a) => a.listed)).toEqual([true, false, false])
  })
})
