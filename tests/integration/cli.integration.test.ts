import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'

const run = promisify(execFile)
const root = path.resolve(import.meta.dirname, '../..')

function cli(script: string, args: string[]) {
  return run(process.execPath, ['--import', 'tsx', `scripts/${script}`, ...args], {
    cwd: root,
    env: { ...process.env, APP_URL: 'https://app.example.test' },
  })
}

describe('bootstrap command line', () => {
  it('creates the first super admin with a platform organization and prints a one-time link', async () => {
    const { stdout } = await cli('create-user.ts', ['--email', 'Root@Example.test', '--name', 'Root', '--role', 'super_admin', '--org', 'platform', '--org-name', 'Platform'])
    expect(stdout).toMatch(/Created super_admin root@example\.test in Platform/)
    expect(stdout).toMatch(/https:\/\/app\.example\.test\/signin\/link\?token=[\w-]{43}/)
    const user = await prisma.user.findUniqueOrThrow({ where: { email: 'root@example.test' }, include: { organization: true } })
    expect(user).toMatchObject({ role: 'super_admin', organization: { slug: 'platform' } })
    expect(await prisma.auditLog.findFirst({ where: { action: 'user.created', targetId: user.id } })).toMatchObject({ actorType: 'system', actorLabel: 'cli:create-user' })

    const again = await cli('create-user.ts', ['--email', 'root@example.test', '--name', 'Root', '--role', 'super_admin', '--org', 'platform']).catch((e) => e)
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/already has an account/)
  })

  it('issues a fresh sign-in link for an existing user, and refuses unknown addresses', async () => {
    await cli('create-user.ts', ['--email', 'ops@example.test', '--name', 'Ops', '--role', 'operator', '--org', 'acme'])
    const { stdout } = await cli('sign-in-link.ts', ['ops@example.test'])
    expect(stdout).toMatch(/\/signin\/link\?token=/)
    const unknown = await cli('sign-in-link.ts', ['nobody@example.test']).catch((e) => e)
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toMatch(/No user has the address/)
  })

  it('explains bad arguments', async () => {
    const bad = await cli('create-user.ts', ['--email', 'not-an-email', '--name', 'X', '--org', 'acme']).catch((e) => e)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/--email must be an email address/)
  })
})

describe('npm run db:seed', () => {
  const seed = () =>
    run(process.execPath, ['--import', 'tsx', 'prisma/seed.ts'], { cwd: root, env: { ...process.env, APP_URL: 'https://app.example.test' } })

  it('seeds the demo organization once, audited, and prints fresh links each time', async () => {
    const first = await seed()
    expect(first.stdout).toContain('Seeded Demo Realty.')
    expect(first.stdout).toMatch(/admin@demo\.esd\.quest:\s+https:\/\/app\.example\.test\/signin\/link\?token=/)
    expect(first.stdout).toMatch(/root@platform\.esd\.quest:\s+https:\/\/app\.example\.test\/signin\/link\?token=/)

    const demo = await prisma.organization.findUniqueOrThrow({ where: { slug: 'demo' } })
    expect(demo.environment).toBe('sandbox')
    expect(await prisma.lead.count({ where: { organizationId: demo.id } })).toBe(300)
    // A first template, clean by the lint, so Templates shows what one looks like.
    expect(await prisma.messageTemplate.findMany({ where: { organizationId: demo.id }, select: { name: true, firstContact: true } })).toEqual([{ name: 'Seller intro', firstContact: true }])
    expect(await prisma.auditLog.findFirst({ where: { action: 'organization.seeded', targetId: demo.id } })).toMatchObject({
      actorType: 'system',
      actorLabel: 'seed:demo',
      organizationId: demo.id,
    })

    const second = await seed()
    expect(second.stdout).toContain('Demo Realty was already seeded; nothing changed.')
    expect(await prisma.lead.count({ where: { organizationId: demo.id } })).toBe(300)
    expect(await prisma.auditLog.count({ where: { action: 'organization.seeded' } })).toBe(1)
  })

  it('refuses a production database', async () => {
    const refused = await run(process.execPath, ['--import', 'tsx', 'prisma/seed.ts'], {
      cwd: root,
      env: { ...process.env, APP_ENV: 'production' },
    }).catch((e) => e)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/never seeded into a production deployment/)
  })
})
