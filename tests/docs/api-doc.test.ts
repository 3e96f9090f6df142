import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { COMMON_ERROR_CODES } from '~/utils/api/error-codes'

/** docs/api.md lists every error code any endpoint may answer with, at the status the API answers it. */

const text = readFileSync(path.resolve(import.meta.dirname, '../../docs/api.md'), 'utf8')
const errors = text.slice(text.indexOf('## Errors'), text.indexOf('## Rate limits'))
const rows = [...errors.matchAll(/^\| (\d{3}) \| `([^`]+)` \|/gm)].map((m) => `${m[1]} ${m[2]}`)

describe('docs/api.md', () => {
  it('lists the common error codes with their statuses, and no others but the records’ own 404s', () => {
    expect(rows.filter((row) => !row.endsWith('…_not_found')).sort()).toEqual(COMMON_ERROR_CODES.map((e) => `${e.status} ${e.code}`).sort())
  })
})
