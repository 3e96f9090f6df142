import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { API_TYPES_FILE, generateApiTypes } from '../scripts/lib/api-types'

const root = path.resolve(import.meta.dirname, '..')

describe('the typed client’s paths (app/api/client/schema.d.ts)', () => {
  it('are what the current OpenAPI document generates', async () => {
    const committed = readFileSync(path.join(root, API_TYPES_FILE), 'utf8')
    const current = await generateApiTypes()
    if (committed !== current) {
      expect.fail(`${API_TYPES_FILE} is out of date with the operations: run \`npm run api:types\` and commit the file.`)
    }
    expect(committed).toContain('"/api/v1/me"')
  })
})
