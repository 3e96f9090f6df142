import { getEnv } from '~/utils/env.server'

/**
 * The national Do-Not-Call registry behind one interface (docs/decisions/040).
 * A provider answers for a list of E.164 numbers; a number it does not answer
 * for, an error or a timeout is no answer, and the gate blocks (fail closed).
 */

export type DncAnswer = { e164: string; listed: boolean; response: Record<string, unknown> }

export type DncProvider = {
  name: string
  /** At most `batchSize` numbers per call. */
  batchSize: number
  lookup(numbers: readonly string[]): Promise<DncAnswer[]>
}

export class DncProviderError extends Error {
  override name = 'DncProviderError'
}

/**
 * A DNC.com-style scrub API: `GET <url>?loginId=<key>&version=5&output=json&phoneList=<10 digits>,…`
 * answers a JSON array of `{ Phone, ResultCode }`. Only `C` (clean) means
 * not listed; every other code (registry, litigator, invalid, one we do not
 * know) counts as listed, so an unexpected answer blocks rather than allows.
 */
export function httpDncProvider({
  url,
  key,
  timeoutMs,
  fetch: fetchImpl = fetch,
}: {
  url: string
  key: string
  timeoutMs: number
  fetch?: typeof fetch
}): DncProvider {
  return {
    name: 'dncscrub',
    batchSize: 500,
    async lookup(numbers) {
      const national = new Map(numbers.map((e164) => [e164.replace(/^\+1/, ''), e164]))
      const request = new URL(url)
      request.searchParams.set('loginId', key)
      request.searchParams.set('version', '5')
      request.searchParams.set('output', 'json')
      request.searchParams.set('phoneList', [...national.keys()].join(','))
      let response: Response
      try {
        response = await fetchImpl(request, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } })
      } catch (error) {
        throw new DncProviderError(`The DNC provider did not answer: ${(error as Error).message}`)
      }
      if (!response.ok) throw new DncProviderError(`The DNC provider answered HTTP ${response.status}`)
      let body: unknown
      try {
        body = await response.json()
      } catch {
        throw new DncProviderError('The DNC provider answered something that is not JSON')
      }
      if (!Array.isArray(body)) throw new DncProviderError('The DNC provider’s answer is not a list')
      const answers: DncAnswer[] = []
      for (const item of body as { Phone?: unknown; ResultCode?: unknown }[]) {
        const e164 = typeof item?.Phone === 'string' ? national.get(item.Phone.replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '')) : undefined
        if (!e164 || typeof item.ResultCode !== 'string') continue
        answers.push({ e164, listed: item.ResultCode !== 'C', response: { resultCode: item.ResultCode } })
      }
      return answers
    },
  }
}

/** For development and tests of the pipeline: lists every number whose last four digits are 0000–0099. */
export const simulatedDncProvider: DncProvider = {
  name: 'simulated',
  batchSize: 10_000,
  async lookup(numbers) {
    return numbers.map((e164) => {
      const listed = /00\d\d$/.test(e164)
      return { e164, listed, response: { resultCode: listed ? 'D' : 'C', simulated: true } }
    })
  },
}

/** Answers nothing, so every marketing message is blocked: production without a configured provider. */
const unconfiguredDncProvider: DncProvider = {
  name: 'unconfigured',
  batchSize: 10_000,
  async lookup() {
    throw new DncProviderError('No DNC provider is configured (DNC_API_URL, DNC_API_KEY)')
  },
}

export function configuredDncProvider(): DncProvider {
  const env = getEnv()
  if (env.DNC_API_URL && env.DNC_API_KEY) return httpDncProvider({ url: env.DNC_API_URL, key: env.DNC_API_KEY, timeoutMs: env.DNC_TIMEOUT_MS })
  return env.APP_ENV === 'production' ? unconfiguredDncProvider : simulatedDncProvider
}
