import { afterEach, beforeEach } from 'vitest'
import { resetEnv } from '~/utils/env.server'
import { startFakePostmark, type FakePostmark } from '../fakes/fake-postmark'

const KEYS = ['POSTMARK_SERVER_TOKEN', 'POSTMARK_API_URL'] as const

/**
 * A fresh fake Postmark for every test of the calling file, with the app's
 * environment pointed at it, and put back afterwards. Call it before the
 * file's own hooks, so its cleanup runs after theirs.
 */
export function useFakePostmark(): { readonly current: FakePostmark } {
  const saved = Object.fromEntries(KEYS.map((key) => [key, process.env[key]]))
  let fake: FakePostmark | undefined
  beforeEach(async () => {
    fake = await startFakePostmark()
    process.env.POSTMARK_SERVER_TOKEN = fake.serverToken
    process.env.POSTMARK_API_URL = fake.url
    resetEnv()
  })
  afterEach(async () => {
    await fake?.close()
    fake = undefined
    for (const key of KEYS) {
      if (saved[key] === undefined) delete process.env[key]
      else process.env[key] = saved[key]
    }
    resetEnv()
  })
  return {
    get current() {
      if (!fake) throw new Error('The fake Postmark only runs inside a test')
      return fake
    },
  }
}
