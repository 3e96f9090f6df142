/**
 * `npm start`: the whole app on embedded defaults, or on real services for
 * whatever is configured. Order matters both ways: Postgres and the
 * Liveblocks dev server come up before the app, and go down after it.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseEnv, type Env } from '../app/utils/env.server.ts'
import { prepareEmbeddedDatabase } from './lib/database-roles.ts'
import { startEmbeddedPostgres, type EmbeddedPostgres } from './lib/embedded-postgres.ts'
import { createApp, listen, type AppBuild, type RunningServer } from './lib/http-server.ts'
import { startLiveblocksDevServer, type LiveblocksDevServer } from './lib/liveblocks-dev-server.ts'
import { isPortFree } from './lib/ports.ts'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')

function say(message: string, fields: Record<string, unknown> = {}) {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: message, ...fields })}\n`)
}

function fail(message: string): never {
  process.stderr.write(`\n✖ ${message}\n\n`)
  process.exit(1)
}

async function main() {
  if (existsSync(path.join(root, '.env'))) process.loadEnvFile(path.join(root, '.env'))
  let env: Env
  try {
    env = parseEnv(process.env)
  } catch (error) {
    fail((error as Error).message)
  }
  if (!(await isPortFree(env.PORT, env.HOST))) {
    fail(`Port ${env.PORT} is already in use. Stop whatever uses it, or start with PORT=<another port>.`)
  }

  const dataDir = path.resolve(root, env.DATA_DIR)
  // Set when Postgres's files had to go where its system user can reach them (we run as root in a private folder).
  let postgresFilesAt: string | undefined
  const stops: { name: string; stop: () => Promise<void> }[] = []
  let shuttingDown = false
  const shutdown = async (signal: string) => {
    if (shuttingDown) {
      say('second signal: exiting now')
      process.exit(1)
    }
    shuttingDown = true
    say('shutting down', { signal })
    // Popped one at a time, so a child spawned while we wait (start-up was
    // still going) is stopped too.
    for (let next = stops.pop(); next; next = stops.pop()) {
      const { name, stop } = next
      await stop().catch((error: Error) => say(`could not stop ${name} cleanly`, { error: error.message }))
    }
    say('stopped')
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  // `npm start` runs us under `sh -c`, and sh does not pass SIGTERM on: when a
  // supervisor stops npm we are merely orphaned. Treat that as a stop signal.
  const parent = process.ppid
  setInterval(() => {
    if (process.ppid !== parent) void shutdown('parent process exited')
  }, 500).unref()

  try {
    if (!env.DATABASE_URL) {
      const pg: EmbeddedPostgres = await startEmbeddedPostgres({
        dataDir: path.join(dataDir, 'postgres'),
        port: env.EMBEDDED_PG_PORT,
        log: (line) => env.LOG_LEVEL === 'debug' && say('postgres', { line }),
        onSpawn: (stop) => stops.push({ name: 'embedded Postgres', stop }),
      })
      // The app connects as esd_app, migrations run as esd_owner (docs/decisions/014).
      const urls = await prepareEmbeddedDatabase({ adminUrl: pg.url('postgres'), database: 'esd' })
      process.env.DATABASE_URL = urls.url
      process.env.DATABASE_MIGRATION_URL = urls.migrationUrl
      if (pg.relocated) postgresFilesAt = pg.dataDir
      say('embedded Postgres is up', {
        dataDir: pg.relocated ? pg.dataDir : path.join(env.DATA_DIR, 'postgres'),
        url: urls.url,
        migrationUrl: urls.migrationUrl,
      })
    }

    if (!env.LIVEBLOCKS_SECRET_KEY && !env.LIVEBLOCKS_BASE_URL) {
      const liveblocks: LiveblocksDevServer = await startLiveblocksDevServer({
        workDir: path.join(dataDir, 'liveblocks'),
        port: env.LIVEBLOCKS_DEV_PORT,
        log: (line) => env.LOG_LEVEL === 'debug' && say('liveblocks', { line }),
        onSpawn: (stop) => stops.push({ name: 'Liveblocks dev server', stop }),
      })
      process.env.LIVEBLOCKS_BASE_URL = liveblocks.url
      // Browsers reach it through the app's origin unless told otherwise (LIVEBLOCKS_DEV_PROXY=0).
      if (!process.env.LIVEBLOCKS_DEV_PROXY) process.env.LIVEBLOCKS_DEV_PROXY = '1'
      say('Liveblocks dev server is up', { url: liveblocks.url })
    }

    const buildPath = path.join(root, 'build/index.js')
    if (!existsSync(buildPath)) throw new Error('No build found. Run `npm run build` (npm start does it for you).')
    const build = (await import(pathToFileURL(buildPath).href)) as AppBuild
    const runtime = build.entry.module.runtime
    stops.push({ name: 'app runtime', stop: () => runtime.stopRuntime() })

    const applied = await runtime.migrateDatabase()
    say('database schema is current', { applied })

    const appUrl = env.APP_URL ?? `http://localhost:${env.PORT}`
    const demo = env.SEED_DEMO && env.APP_ENV !== 'production' ? await runtime.seedDemo(appUrl) : null
    const jobs = runtime.startBackgroundJobs()

    const app = createApp({ build, publicDir: path.join(root, 'public'), trustProxy: env.TRUST_PROXY })
    const server: RunningServer = await listen(app, { port: env.PORT, host: env.HOST })
    stops.push({ name: 'HTTP server', stop: () => server.close() })

    say('esd.quest is running', { url: appUrl, jobs, appEnv: env.APP_ENV })
    const lines = [
      '',
      `  esd.quest is running at ${appUrl}`,
      '',
      ...(demo
        ? [
            ...(demo.signInUrl
              ? [
                  `  Sign in as ${demo.adminEmail} (${demo.organization}) with this one-time link,`,
                  `  valid for 15 minutes and usable once:`,
                  '',
                  `    ${demo.signInUrl}`,
                ]
              : [`  The demo admin ${demo.adminEmail} is disabled, so there is no link for it.`]),
            '',
            ...(demo.superAdminSignInUrl
              ? [`  Platform super admin (${demo.superAdminEmail}), same rules:`, '', `    ${demo.superAdminSignInUrl}`]
              : [`  The platform super admin ${demo.superAdminEmail} is disabled, so there is no link for it.`]),
            '',
            '  After signing in, add a passkey (Your account) to sign in without a link;',
            '  `npm run user:sign-in-link -- <email>` makes a link for anyone else.',
            `  Restart to get new links. Data lives in ${env.DATA_DIR} and is kept between runs.`,
          ]
        : []),
      ...(postgresFilesAt
        ? [
            `  Postgres runs as the system user esdpostgres, which cannot enter this checkout's folder:`,
            `  its data is in ${postgresFilesAt} (${path.join(env.DATA_DIR, 'postgres')} links there).`,
          ]
        : []),
      '  Stop with Ctrl-C.',
      '',
    ]
    process.stdout.write(`${lines.join('\n')}\n`)
  } catch (error) {
    // A signal during start-up makes the step in progress fail; shutdown() is already stopping everything.
    if (shuttingDown) return
    process.stderr.write(`\n✖ ${(error as Error).message}\n\n`)
    for (let next = stops.pop(); next; next = stops.pop()) await next.stop().catch(() => {})
    process.exit(1)
  }
}

void main()
