import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Every API answer a test produces is checked against the OpenAPI document,
 * because every test that calls /api/v1 does it through the checking
 * clients: tests/support/api-client.ts (in-process and HTTP), e2e/api.ts
 * (Playwright), or ApiContract itself. This fails naming a test file that
 * mentions an /api/v1 path or imports an api.v1 route without one of them.
 */

const root = path.resolve(import.meta.dirname, '..')

function files(dir: string, match: RegExp): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'generated' ? [] : files(relative, match)
    return match.test(entry.name) ? [relative] : []
  })
}

const testFiles = [
  ...['app', 'inngest', 'scripts', 'tests'].flatMap((dir) => files(dir, /\.test\.tsx?$/)),
  ...files('e2e', /\.spec\.ts$/),
]

/** Files that mention /api/v1 without calling it. */
const notCalling: Record<string, string> = {
  'tests/vercel-json.test.ts': 'checks the headers vercel.json gives the path; no request is made',
  'tests/api-coverage.test.ts': 'compares lists of paths; no request is made',
  'tests/api-types.test.ts': 'compares the generated client types with the committed file; no request is made',
  'tests/api-contract-usage.test.ts': 'this file',
  'app/utils/resource-route.server.test.ts': 'wraps a handler of its own; the path is only a URL',
  'app/utils/api/openapi.server.test.ts': 'declares operations to generate a document from; no request is made',
  'app/utils/api/reference.server.test.ts': 'declares operations to render a reference from; no request is made',
}

// The contract harness (tests/contract/harness.ts) gives the typed client a fetch from api-client.ts.
const checkingClient =
  /from '[./]*(?:tests\/)?support\/(?:api-client|api-contract|api-fixture-operations)'|from '\.\/api'|from '\.\.\/\.\.\/\.\.\/tests\/support\/api-(?:client|fixture-operations)'|from '[./]*(?:tests\/)?contract\/harness'|from '\.\/harness'/

describe('API tests', () => {
  it('finds the test files that call the API', () => {
    expect(testFiles).toEqual(expect.arrayContaining(['app/modules/integrations/api-keys.integration.test.ts', 'e2e/api-keys.spec.ts']))
  })

  it('give the typed client only a checking fetch (tests/contract/harness.ts)', () => {
    const harness = readFileSync(path.join(root, 'tests/contract/harness.ts'), 'utf8')
    expect(harness).toMatch(/from '\.\.\/support\/api-client'/)
    const unchecked = testFiles.filter((file) => {
      const text = readFileSync(path.join(root, file), 'utf8')
      return /createEsdClient\(/.test(text) && !checkingClient.test(text)
    })
    expect(unchecked).toEqual([])
  })

  it('call /api/v1 only through a client that checks every answer against the OpenAPI document', () => {
    const unchecked = testFiles.filter((file) => {
      if (notCalling[file]) return false
      const text = readFileSync(path.join(root, file), 'utf8')
      const callsApi = /\/api\/v1\b/.test(text) || /from '[^']*api\.v1\.[^']*'/.test(text)
      return callsApi && !checkingClient.test(text)
    })
    expect(unchecked).toEqual([])
  })
})
