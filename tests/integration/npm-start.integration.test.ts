import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, readlinkSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyMigrations } from '../../app/utils/migrations.server'
import { isProcessAlive, startEmbeddedPostgres } from '../../scripts/lib/embedded-postgres'
import { findFreePort } from '../../scripts/lib/ports'

/**
 * The process `npm start` runs (after its build step), exercised as a user
 * would: embedded Postgres and the Liveblocks dev server start by
 * themselves, data survives a restart, signals stop everything.
 */

const root = path.resolve(import.meta.dirname, '../..')
const dataDir = path.join(root, '.data/test/npm-start')

type App = { child: ChildProcess; output: () => string; exited: Promise<number | null> }

function startApp(env: Record<string, string>): App {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'info', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()))
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, output: () => output, exited }
}

async function waitFor(app: App, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const match = app.output().match(pattern)
    if (match) return match
    if (app.child.exitCode !== null) throw new Error(`app exited (${app.child.exitCode}):\n${app.output()}`)
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${app.output()}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

async function postgresPid(): Promise<number> {
  return Number((await readFile(path.join(dataDir, 'postgres/postmaster.pid'), 'utf8')).split('\n')[0])
}

/** Processes working in our Liveblocks folder: the dev server under Bun. */
function liveblocksPids(): number[] {
  const dir = path.join(dataDir, 'liveblocks')
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readlinkSync(`/proc/${pid}/cwd`) === dir
      } catch {
        return false
      }
    })
    .map(Number)
}

let port: number
let app: App
let signInUrl: string

beforeAll(async () => {
  if (!existsSync(path.join(root, 'build/index.js'))) {
    throw new Error('No build: `npm test` builds first; alone, run `npm run build` before this test.')
  }
  await rm(dataDir, { recursive: true, force: true })
  port = await findFreePort()
  app = startApp({ PORT: String(port) })
  signInUrl = (await waitFor(app, /(http:\/\/localhost:\d+\/signin\/link\?token=[\w-]+)/))[1]!
}, 120_000)

afterAll(async () => {
  if (app.child.exitCode === null) {
    app.child.kill('SIGKILL')
    await app.exited
  }
})

describe('npm start on a fresh data folder', () => {
  it('prints the URL and a one-time sign-in link for the demo admin', () => {
    expect(app.output()).toContain(`esd.quest is running at http://localhost:${port}`)
    expect(app.output()).toContain('Sign in as admin@demo.esd.quest')
    expect(app.output()).toMatch(/Platform super admin \(root@platform\.esd\.quest\)[\s\S]*signin\/link\?token=/)
    expect(signInUrl.startsWith(`http://localhost:${port}/signin/link?token=`)).toBe(true)
  })

  it('answers health, readiness and metrics, echoing the caller’s request id', async () => {
    const health = await fetch(`http://localhost:${port}/healthz`, { headers: { 'x-request-id': 'probe-req-0001' } })
    expect(health.status).toBe(200)
    expect(health.headers.get('x-request-id')).toBe('probe-req-0001')
    const generated = await fetch(`http://localhost:${port}/healthz`)
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)

    const ready = await fetch(`http://localhost:${port}/readyz`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toMatchObject({ status: 'ready' })

    const metrics = await (await fetch(`http://localhost:${port}/metrics`)).text()
    expect(metrics).toMatch(/esd_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} [1-9]/)
    // Logs are JSON lines, carrying the request id.
    expect(app.output()).toMatch(/\{"time":"[^"]+","level":"info","msg":"http request","requestId":"probe-req-0001"/)
  })

  it('signs the admin in once with the link, and refuses the link afterwards', async () => {
    const page = await fetch(signInUrl)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('admin@demo.esd.quest')

    const token = new URL(signInUrl).searchParams.get('token')!
    const form = new URLSearchParams({ token })
    const signIn = await fetch(`http://localhost:${port}/signin/link`, { method: 'POST', body: form, redirect: 'manual' })
    expect(signIn.status).toBe(302)
    expect(signIn.headers.get('location')).toBe('/dashboard')
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!

    const dashboard = await fetch(`http://localhost:${port}/dashboard`, { headers: { cookie } })
    expect(dashboard.status).toBe(200)
    const html = await dashboard.text()
    expect(html).toContain('Demo Realty')
    expect(html).toMatch(/data-testid="lead-count">300</)

    const again = await fetch(`http://localhost:${port}/signin/link`, { method: 'POST', body: form, redirect: 'manual' })
    expect(again.status).toBe(410)
  })

  it('keeps /api/inngest closed while functions run in-process', async () => {
    expect((await fetch(`http://localhost:${port}/api/inngest`)).status).toBe(404)
  })

  it('refuses a second instance on the same port with a clear message', async () => {
    const second = startApp({ PORT: String(port), DATA_DIR: path.join(dataDir, 'other') })
    expect(await second.exited).toBe(1)
    expect(second.output()).toContain(`Port ${port} is already in use`)
  })

  it('refuses a second instance on the same data folder', async () => {
    const second = startApp({ PORT: String(await findFreePort()) })
    expect(await second.exited).toBe(1)
    expect(second.output()).toMatch(/already in use by a Postgres server .* Another esd\.quest/)
  })

  it('reports not ready (503, with the reason) once the database is gone, while staying alive', async () => {
    const pid = await postgresPid()
    process.kill(pid, 'SIGINT')
    await expect.poll(() => isProcessAlive(pid), { timeout: 10_000 }).toBe(false)

    const ready = await fetch(`http://localhost:${port}/readyz`)
    expect(ready.status).toBe(503)
    expect(await ready.json()).toMatchObject({ status: 'not_ready', reason: expect.stringMatching(/database/) })
    expect((await fetch(`http://localhost:${port}/healthz`)).status).toBe(200)
  })

  it('stops on SIGTERM and leaves no Postgres or Bun process behind', async () => {
    expect(liveblocksPids().length).toBeGreaterThan(0)
    app.child.kill('SIGTERM')
    expect(await app.exited).toBe(0)
    expect(liveblocksPids()).toEqual([])
  })
})

describe('npm start a second time', () => {
  it('reuses the data: no migration reapplied, the same demo organization, a fresh link', async () => {
    const again = startApp({ PORT: String(await findFreePort()) })
    try {
      await waitFor(again, /signin\/link\?token=/)
      expect(again.output()).toContain('"applied":[]')
      const url = (again.output().match(/"msg":"embedded Postgres is up".*?"url":"([^"]+)"/) ?? [])[1]!
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      const counts = await client.query(
        `SELECT (SELECT count(*) FROM organizations)::int AS orgs, (SELECT count(*) FROM leads)::int AS leads,
                (SELECT count(*) FROM sign_in_tokens)::int AS links, (SELECT count(*) FROM sessions)::int AS sessions`,
      )
      expect(counts.rows[0]).toEqual({ orgs: 2, leads: 300, links: 4, sessions: 1 })
      // The app's URL is the app role's: it works with the data but cannot alter the tables esd_owner migrated.
      expect((await client.query('SELECT current_user AS role')).rows[0]).toEqual({ role: 'esd_app' })
      const owners = await client.query(
        `SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relnamespace = 'public'::regnamespace`,
      )
      expect(owners.rows).toEqual([{ owner: 'esd_owner' }])
      const disable = await client
        .query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only')
        .catch((error: { code?: string }) => error.code)
      expect(disable).toBe('42501')
      // For the next start: an admin of the demo organization may disable the demo admin.
      await client.query(`UPDATE users SET status = 'disabled' WHERE email = 'admin@demo.esd.quest'`)
      await client.end()

      const pid = await postgresPid()
      again.child.kill('SIGINT')
      expect(await again.exited).toBe(0)
      expect(isProcessAlive(pid)).toBe(false)
      expect(liveblocksPids()).toEqual([])
    } finally {
      if (again.child.exitCode === null) again.child.kill('SIGKILL')
    }
  })

  it('still starts when the demo admin has been disabled, and says why there is no link for it', async () => {
    const again = startApp({ PORT: String(await findFreePort()) })
    try {
      await waitFor(again, /Stop with Ctrl-C/)
      expect(again.output()).toContain('The demo admin admin@demo.esd.quest is disabled, so there is no link for it.')
      expect(again.output()).toMatch(/super admin \(root@platform\.esd\.quest\), same rules:\s+http:\/\/localhost:\d+\/signin\/link\?token=/)
      again.child.kill('SIGINT')
      expect(await again.exited).toBe(0)
    } finally {
      if (again.child.exitCode === null) again.child.kill('SIGKILL')
    }
  })

  it('stopped while still starting, leaves no Postgres or Bun process behind', async () => {
    const again = startApp({ PORT: String(await findFreePort()) })
    try {
      // Bun is spawned but the dev server is not ready yet: the app is mid-start.
      await expect.poll(() => liveblocksPids().length, { timeout: 60_000, interval: 5 }).toBeGreaterThan(0)
      const pid = await postgresPid()
      again.child.kill('SIGTERM')
      expect(await again.exited).toBe(0)
      expect(again.output()).not.toContain('Liveblocks dev server is up')
      expect(again.output()).not.toContain('esd.quest is running')
      expect(isProcessAlive(pid)).toBe(false)
      expect(liveblocksPids()).toEqual([])
    } finally {
      if (again.child.exitCode === null) again.child.kill('SIGKILL')
    }
  })
})

describe('npm start on a data folder an earlier version made', () => {
  const legacyDir = path.join(root, '.data/test/npm-start-legacy')

  it('gives esd_owner the tables that version created as postgres, and runs as the app role', async () => {
    await rm(legacyDir, { recursive: true, force: true })
    // What earlier versions did: the database and everything in it created and migrated as the superuser.
    const cluster = await startEmbeddedPostgres({ dataDir: path.join(legacyDir, 'postgres') })
    // As root in a private checkout the files live elsewhere (scripts/lib/postgres-placement.ts).
    const realDataDir = cluster.dataDir
    try {
      await cluster.createDatabase('esd')
      const client = new pg.Client({ connectionString: cluster.url('esd') })
      await client.connect()
      await applyMigrations(client)
      await client.end()
    } finally {
      await cluster.stop()
    }

    const legacyPort = await findFreePort()
    const legacy = startApp({ PORT: String(legacyPort), DATA_DIR: legacyDir })
    try {
      await waitFor(legacy, /Stop with Ctrl-C/)
      expect(legacy.output()).toContain('"applied":[]')
      const ready = await fetch(`http://localhost:${legacyPort}/readyz`)
      expect(await ready.json()).toMatchObject({ status: 'ready' })
      const url = (legacy.output().match(/"msg":"embedded Postgres is up".*?"url":"([^"]+)"/) ?? [])[1]!
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      const owners = await client.query(
        `SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relnamespace = 'public'::regnamespace`,
      )
      expect(owners.rows).toEqual([{ owner: 'esd_owner' }])
      expect((await client.query('SELECT current_user AS role')).rows[0]).toEqual({ role: 'esd_app' })
      await client.end()
      legacy.child.kill('SIGINT')
      expect(await legacy.exited).toBe(0)
    } finally {
      if (legacy.child.exitCode === null) legacy.child.kill('SIGKILL')
      await rm(legacyDir, { recursive: true, force: true })
      await rm(realDataDir, { recursive: true, force: true })
    }
    // Two server starts and the migrations, like beforeAll's budget for one app start.
  }, 120_000)
})
