import { existsSync } from 'node:fs'
import { readdir, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import pg from 'pg'
import { prepareEmbeddedDatabase } from '../../scripts/lib/database-roles.ts'
import { claimDataDir, startEmbeddedPostgres } from '../../scripts/lib/embedded-postgres.ts'
import { createApp, listen, type AppBuild } from '../../scripts/lib/http-server.ts'

/**
 * The shared benchmark environment: a throwaway embedded Postgres in
 * `.data/bench/postgres`, and the production build of the app booted on it
 * the way `scripts/start.ts` boots it (migrations, demo organization, the same
 * Express stack), minus what would only add noise: no Liveblocks (realtime is
 * off) and no background job runner.
 */

export type BenchApp = {
  /** Where the app listens, e.g. http://127.0.0.1:41234 */
  baseUrl: string
  /** The bench database, for baselines that talk to Postgres directly. */
  databaseUrl: string
  /** The same database as its owner role (docs/decisions/014): for baselines that create tables. */
  ownerDatabaseUrl: string
  postgresVersion: string
  demo: { organization: string; organizationId: string; adminEmail: string }
  /** A `Cookie` header value carrying a signed-in session of the demo admin. */
  cookie: string
}

export type RunningBenchApp = { app: BenchApp; stop(): Promise<void> }

const root = path.resolve(import.meta.dirname, '../..')
export const benchDataDir = path.join(root, '.data/bench')
const DATABASE = 'bench'

/** The newest source file the build is made from, when it is newer than the build. */
async function newerSource(buildPath: string): Promise<string | undefined> {
  const built = (await stat(buildPath)).mtimeMs
  let newest: { file: string; mtime: number } | undefined
  for (const dir of ['app', 'inngest']) {
    const entries = await readdir(path.join(root, dir), { recursive: true }).catch(() => [] as string[])
    for (const entry of entries) {
      if (!/\.(tsx?|css)$/.test(entry) || /\.test\.tsx?$/.test(entry) || entry.startsWith('generated')) continue
      const mtime = (await stat(path.join(root, dir, entry)).catch(() => undefined))?.mtimeMs ?? 0
      if (mtime > built && (!newest || mtime > newest.mtime)) newest = { file: path.join(dir, entry), mtime }
    }
  }
  return newest?.file
}

/** Signs the demo admin in with a one-time link: the same POST the sign-in page makes. */
async function redeemSignInLink(baseUrl: string, signInUrl: string): Promise<string> {
  const token = new URL(signInUrl).searchParams.get('token')
  if (!token) throw new Error(`The demo sign-in link has no token: ${signInUrl}`)
  const response = await fetch(`${baseUrl}/signin/link`, {
    method: 'POST',
    body: new URLSearchParams({ token }),
    redirect: 'manual',
  })
  await response.arrayBuffer()
  const setCookie = response.headers.get('set-cookie')
  if (response.status !== 302 || !setCookie) {
    throw new Error(`Signing in with the demo link failed: HTTP ${response.status}, no session cookie`)
  }
  return setCookie.split(';')[0]!
}

export async function startBenchApp(options: { log: (line: string) => void }): Promise<RunningBenchApp> {
  const { log } = options
  const buildPath = path.join(root, 'build/index.js')
  if (!existsSync(buildPath)) {
    throw new Error('No build found at build/index.js. Run `npm run build` first; the benchmarks measure the production build.')
  }

  const stale = await newerSource(buildPath)
  if (stale) log(`warning: ${stale} is newer than build/index.js; run \`npm run build\` to measure the current code`)

  const stops: { name: string; stop: () => Promise<void> }[] = []
  let stopping: Promise<void> | undefined
  const stop = () =>
    (stopping ??= (async () => {
      for (const { name, stop } of stops.reverse()) {
        await stop().catch((error: Error) => log(`could not stop ${name} cleanly: ${error.message}`))
      }
    })())

  try {
    const dataDir = path.join(benchDataDir, 'postgres')
    // A run killed outright leaves its (detached) Postgres running: stop it before wiping.
    await claimDataDir(dataDir, log)
    await rm(dataDir, { recursive: true, force: true })
    log('starting embedded Postgres')
    const postgres = await startEmbeddedPostgres({
      dataDir,
      ephemeral: true,
      log: (line) => process.env.BENCH_DEBUG && log(`postgres: ${line}`),
    })
    // Registered first, so it runs last; the folder goes with it.
    stops.push({
      name: 'embedded Postgres',
      stop: async () => {
        await postgres.stop()
        await rm(dataDir, { recursive: true, force: true })
        // As root in a private checkout the files live elsewhere (scripts/lib/postgres-placement.ts).
        if (postgres.relocated) await rm(postgres.dataDir, { recursive: true, force: true })
      },
    })
    // The app role and the owner role, as `npm start` has them (docs/decisions/014).
    const { url: databaseUrl, migrationUrl } = await prepareEmbeddedDatabase({ adminUrl: postgres.url('postgres'), database: DATABASE })

    // The bundle reads its environment when it is imported (the pool is built
    // at import time): everything is set before the import.
    process.env.DATABASE_URL = databaseUrl
    process.env.DATABASE_MIGRATION_URL = migrationUrl
    process.env.APP_ENV = 'development'
    process.env.LOG_LEVEL = 'silent'
    process.env.DATA_DIR = path.relative(root, benchDataDir)
    delete process.env.LIVEBLOCKS_SECRET_KEY
    delete process.env.LIVEBLOCKS_BASE_URL

    log('booting the app from build/index.js')
    const build = (await import(pathToFileURL(buildPath).href)) as AppBuild
    const runtime = build.entry.module.runtime
    stops.push({ name: 'app runtime', stop: () => runtime.stopRuntime() })
    await runtime.migrateDatabase()

    const server = await listen(createApp({ build, publicDir: path.join(root, 'public'), trustProxy: false }), {
      port: 0,
      host: '127.0.0.1',
    })
    stops.push({ name: 'HTTP server', stop: () => server.close() })
    const baseUrl = server.url.replace('//localhost:', '//127.0.0.1:')

    const demo = await runtime.seedDemo(baseUrl)
    // The bench cluster is fresh each run, so the demo admin exists and is active.
    if (!demo.signInUrl) throw new Error('The demo admin has no sign-in link')
    const cookie = await redeemSignInLink(baseUrl, demo.signInUrl)

    // As the owner: ANALYZE skips tables the app role does not own.
    const client = new pg.Client({ connectionString: migrationUrl })
    await client.connect()
    let organizationId: string
    let postgresVersion: string
    try {
      // Fresh tables have no planner statistics until autovacuum gets to them,
      // which a short run does not wait for; a live database has them.
      await client.query('ANALYZE')
      const org = await client.query<{ id: string }>(`SELECT id FROM organizations WHERE name = $1`, [demo.organization])
      organizationId = org.rows[0]?.id ?? ''
      postgresVersion = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version
    } finally {
      await client.end()
    }
    if (!organizationId) throw new Error(`The demo organization "${demo.organization}" was not found after seeding`)
    log(`app is up at ${baseUrl} (Postgres ${postgresVersion})`)

    return {
      app: {
        baseUrl,
        databaseUrl,
        ownerDatabaseUrl: migrationUrl,
        postgresVersion,
        demo: { organization: demo.organization, organizationId, adminEmail: demo.adminEmail },
        cookie,
      },
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
