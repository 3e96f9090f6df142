import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, lstatSync, readdirSync, readlinkSync, statSync } from 'node:fs'
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findFreePort } from '../../scripts/lib/ports'
import { relocationFolder, RELOCATION_ROOT } from '../../scripts/lib/postgres-placement'

/**
 * `npm start` and `npm test` as root from a checkout inside a folder only root
 * may enter (a container's /root, mode 0700). Postgres runs as the system
 * user esdpostgres, which cannot reach that folder: its binaries and data go
 * under /var/lib/esd-quest, and the banner says where (docs/decisions/015).
 *
 * The checkout is this one, hard-linked (`cp -al`, node_modules and the build
 * included) into a mode-0700 folder, so Node resolves the Postgres binaries
 * inside the private folder, as after an install there.
 */

const isRoot = process.getuid?.() === 0
const root = path.resolve(import.meta.dirname, '../..')
// Not copied: data, git metadata, test output, and caches a run there would write through the hard links.
const leftOut = new Set(['.data', '.git', 'test-results', 'playwright-report', 'blob-report', '.cache'])

let home: string
let checkout: string

/** The environment of a user's shell: none of this test run's own variables. */
function userEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info' }
  for (const key of Object.keys(env)) if (/^(VITEST|TEST_|DATABASE_|E2E_)/.test(key)) delete env[key]
  return { ...env, ...extra }
}

type Run = { child: ChildProcess; output: () => string; exited: Promise<number | null> }

function run(args: string[], env: Record<string, string>): Run {
  const child = spawn(process.execPath, args, { cwd: checkout, env: userEnv(env), stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()))
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, output: () => output, exited }
}

async function waitFor(app: Run, pattern: RegExp, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (pattern.test(app.output())) return
    if (app.child.exitCode !== null) throw new Error(`exited (${app.child.exitCode}):\n${app.output()}`)
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${app.output()}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

function esdpostgres() {
  return {
    uid: Number(execFileSync('id', ['-u', 'esdpostgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'esdpostgres'], { encoding: 'utf8' }).trim()),
  }
}

/** Starts the embedded cluster on `dataDir` from the private checkout's own code, runs `sql`, and reports. */
async function clusterInCheckout(dataDir: string, sql: string) {
  const script = `
    const { startEmbeddedPostgres } = await import('./scripts/lib/embedded-postgres.ts')
    const cluster = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, ephemeral: true })
    const pg = (await import('pg')).default
    const client = new pg.Client({ connectionString: cluster.url('postgres') })
    await client.connect()
    const existed = (await client.query("SELECT 1 FROM pg_database WHERE datname = 'left_behind'")).rowCount === 1
    ${JSON.stringify(sql)} && (await client.query(${JSON.stringify(sql)}))
    await client.end()
    await cluster.stop()
    console.log(JSON.stringify({ relocated: cluster.relocated, dataDir: cluster.dataDir, existed }))
  `
  const child = run(['--import', 'tsx', '--input-type=module', '-e', script], {})
  const code = await child.exited
  if (code !== 0) throw new Error(`the cluster script failed (${code}):\n${child.output()}`)
  return JSON.parse(child.output().trim().split('\n').pop()!) as { relocated: boolean; dataDir: string; existed: boolean }
}

describe.skipIf(!isRoot)('as root, from a checkout in a folder only root may enter (skipped when not root: Postgres then runs as you)', () => {
  beforeAll(async () => {
    if (!existsSync(path.join(root, 'build/index.js'))) {
      throw new Error('No build: `npm test` builds first; alone, run `npm run build` before this test.')
    }
    home = await mkdtemp('/tmp/esd-private-home-')
    await chmod(home, 0o700)
    checkout = path.join(home, 'esd-quest')
    execFileSync('mkdir', [checkout])
    for (const entry of readdirSync(root).filter((e) => !leftOut.has(e))) {
      execFileSync('cp', ['-al', path.join(root, entry), path.join(checkout, entry)])
    }
    // Vitest's result cache would be written through its hard link into this checkout's.
    execFileSync('rm', ['-rf', path.join(checkout, 'node_modules/.vite'), path.join(checkout, 'node_modules/.cache')])
  }, 120_000)

  afterAll(async () => {
    if (home) await rm(home, { recursive: true, force: true })
    if (checkout) await rm(relocationFolder(checkout), { recursive: true, force: true })
  })

  it('the system user really cannot enter the checkout', () => {
    expect(statSync(home).mode & 0o777).toBe(0o700)
    expect(() => execFileSync('ls', [checkout], { ...esdpostgres(), stdio: 'pipe' })).toThrow(/Permission denied|EACCES/)
  })

  it('npm start runs there, and the banner names the relocated data folder', async () => {
    const expected = path.join(relocationFolder(checkout), '.data/postgres')
    expect(expected.startsWith(`${RELOCATION_ROOT}/esd-quest-`)).toBe(true)
    const port = await findFreePort()
    const app = run(['--import', 'tsx', 'scripts/start.ts'], { PORT: String(port), DATABASE_URL: '', DATA_DIR: '.data' })
    try {
      await waitFor(app, /Stop with Ctrl-C/)
      expect(app.output()).toContain(`its data is in ${expected} (.data/postgres links there)`)
      expect(await (await fetch(`http://localhost:${port}/readyz`)).json()).toMatchObject({ status: 'ready' })
      // The data folder belongs to esdpostgres, mode 0700; the checkout keeps a link to it.
      expect(statSync(expected)).toMatchObject({ uid: esdpostgres().uid })
      expect(statSync(expected).mode & 0o777).toBe(0o700)
      expect(lstatSync(path.join(checkout, '.data/postgres')).isSymbolicLink()).toBe(true)
      expect(readlinkSync(path.join(checkout, '.data/postgres'))).toBe(expected)
      // The server runs the relocated copy of its binaries, not the ones in the private folder.
      const pid = Number((await readFile(path.join(expected, 'postmaster.pid'), 'utf8')).split('\n')[0])
      expect(readlinkSync(`/proc/${pid}/exe`).startsWith(`${relocationFolder(checkout)}/postgres-`)).toBe(true)
    } finally {
      app.child.kill('SIGINT')
      expect(await app.exited).toBe(0)
    }
  }, 180_000)

  it('the test cluster starts there too, and the setup says where its data went', async () => {
    const vitest = run(
      ['node_modules/vitest/vitest.mjs', 'run', '--project', 'integration', 'app/utils/migrations.server.integration.test.ts'],
      {},
    )
    const code = await vitest.exited
    expect(vitest.output(), vitest.output()).toContain(
      `its data is in ${path.join(relocationFolder(checkout), '.data/test/postgres')}`,
    )
    expect(code, vitest.output()).toBe(0)
  }, 240_000)

  it('keeps the data between runs, and starts over once the data folder is deleted, as the e2e suite wipes its own', async () => {
    const dataDir = path.join(checkout, '.data/e2e/postgres')
    const first = await clusterInCheckout(dataDir, 'CREATE DATABASE left_behind')
    expect(first).toEqual({ relocated: true, dataDir: path.join(relocationFolder(checkout), '.data/e2e/postgres'), existed: false })
    expect(await clusterInCheckout(dataDir, '')).toMatchObject({ existed: true })

    // playwright.config.ts removes .data/e2e before each run: the link goes, so the relocated folder is stale.
    await rm(path.join(checkout, '.data/e2e'), { recursive: true, force: true })
    expect(await clusterInCheckout(dataDir, '')).toEqual({ ...first, existed: false })
  }, 120_000)
})
