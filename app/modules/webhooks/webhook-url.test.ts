import { describe, expect, it } from 'vitest'
import { webhookUrlProblem } from './webhook-url'

describe('webhookUrlProblem', () => {
  const elsewhere = { production: false }
  const production = { production: true }

  it('lets a sandbox receive on a developer’s machine, but not on a production deployment', () => {
    expect(webhookUrlProblem('http://127.0.0.1:4000/hooks', 'sandbox', elsewhere)).toBeNull()
    expect(webhookUrlProblem('http://127.0.0.1:4000/hooks', 'sandbox', production)).toMatch(/public addresses/)
    expect(webhookUrlProblem('http://[::ffff:a9fe:a9fe]/latest/meta-data', 'sandbox', production)).toMatch(/public addresses/)
    expect(webhookUrlProblem('http://hooks.example.com/esd', 'sandbox', production)).toBeNull()
  })

  it('holds a production organization to https and public hosts anywhere', () => {
    expect(webhookUrlProblem('http://hooks.example.com/esd', 'prod', elsewhere)).toMatch(/https/)
    expect(webhookUrlProblem('https://169.254.169.254/', 'prod', elsewhere)).toMatch(/public addresses/)
    expect(webhookUrlProblem('https://hooks.example.com/esd', 'prod', production)).toBeNull()
    expect(webhookUrlProblem('https://user:pw@hooks.example.com/', 'prod', production)).toMatch(/user name or password/)
  })
})
