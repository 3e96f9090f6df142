import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openApiDocument } from '~/api/document.server'

/**
 * Spectral (the `spectral:oas` ruleset, tests/spectral.yaml) lints the OpenAPI
 * document the operations generate: any error or warning fails, named with
 * where it is. Fix the operation's declaration (summary, description,
 * operationId, tags, examples) rather than turning a rule off; a rule that
 * is off says why in tests/spectral.yaml.
 */

const root = path.resolve(import.meta.dirname, '..')
const SEVERITY = ['error', 'warning', 'info', 'hint'] as const
type Finding = { code: string; message: string; path: (string | number)[]; severity: number }

function lint(document: unknown): Finding[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'esd-spectral-'))
  try {
    const file = path.join(dir, 'openapi.json')
    writeFileSync(file, JSON.stringify(document, null, 2))
    const result = spawnSync(path.join(root, 'node_modules/.bin/spectral'), ['lint', file, '--ruleset', path.join(root, 'tests/spectral.yaml'), '--format', 'json', '--quiet'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    })
    const out = result.stdout.trim()
    if (!out.startsWith('[')) throw new Error(`spectral did not answer JSON (exit ${result.status}): ${out.slice(0, 500)} ${result.stderr.slice(0, 500)}`)
    return JSON.parse(out) as Finding[]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('the OpenAPI document', () => {
  it('passes spectral:oas without an error or a warning', { timeout: 120_000 }, () => {
    const findings = lint(openApiDocument('https://app.esd.quest'))
      .filter((finding) => finding.severity <= 1)
      .map((finding) => `${SEVERITY[finding.severity]} ${finding.code} at ${finding.path.join('.')}: ${finding.message}`)
    expect(findings).toEqual([])
  })

  it('is linted for real: a broken document fails', { timeout: 120_000 }, () => {
    const document = structuredClone(openApiDocument('https://app.esd.quest')) as unknown as { paths: Record<string, Record<string, { operationId?: string; description?: string }>> }
    const first = Object.values(document.paths)[0]!
    const operation = Object.values(first)[0]!
    delete operation.operationId
    delete operation.description
    const codes = lint(document).map((finding) => finding.code)
    expect(codes).toContain('operation-operationId')
  })
})
