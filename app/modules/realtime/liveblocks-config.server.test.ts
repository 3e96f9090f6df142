import { afterEach, describe, expect, it } from 'vitest'
import { resetEnv } from '~/utils/env.server'
import { liveblocksConfig } from './liveblocks-config.server'

const saved = { ...process.env }

function configWith(vars: Record<string, string>) {
  for (const key of ['LIVEBLOCKS_SECRET_KEY', 'LIVEBLOCKS_BASE_URL', 'LIVEBLOCKS_DEV_PROXY']) delete process.env[key]
  Object.assign(process.env, vars)
  resetEnv()
  return liveblocksConfig()
}

afterEach(() => {
  process.env = { ...saved }
  resetEnv()
})

describe('liveblocksConfig', () => {
  it('sends browsers to the page’s own origin when the dev server is proxied there', () => {
    expect(configWith({ LIVEBLOCKS_BASE_URL: 'http://127.0.0.1:4123', LIVEBLOCKS_DEV_PROXY: '1' })).toEqual({
      secret: 'sk_localdev',
      baseUrl: 'http://127.0.0.1:4123',
      publicBaseUrl: '/',
      devServerProxyTarget: 'http://127.0.0.1:4123',
    })
  })

  it('sends them to the dev server itself when it is not', () => {
    expect(configWith({ LIVEBLOCKS_BASE_URL: 'http://127.0.0.1:4123', LIVEBLOCKS_DEV_PROXY: '0' })).toEqual({
      secret: 'sk_localdev',
      baseUrl: 'http://127.0.0.1:4123',
      publicBaseUrl: 'http://127.0.0.1:4123',
    })
  })

  it('never proxies Liveblocks itself', () => {
    expect(configWith({ LIVEBLOCKS_SECRET_KEY: 'sk_prod_1', LIVEBLOCKS_DEV_PROXY: '1' })).toEqual({
      secret: 'sk_prod_1',
      baseUrl: undefined,
      publicBaseUrl: 'https://api.liveblocks.io',
    })
  })

  it('is off with neither a key nor a dev server', () => {
    expect(configWith({ LIVEBLOCKS_DEV_PROXY: '1' })).toBeNull()
  })
})
