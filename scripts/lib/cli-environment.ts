import { existsSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..')

/**
 * Command-line tools talk to the same database as the app: DATABASE_URL (from
 * the environment or .env). With embedded Postgres, copy the URL `npm start`
 * logs ("embedded Postgres is up") while it runs.
 */
export function loadCliEnvironment(): { appUrl: string } {
  if (existsSync(path.join(root, '.env'))) process.loadEnvFile(path.join(root, '.env'))
  if (!process.env.DATABASE_URL) {
    console.error(
      'DATABASE_URL is not set. Point it at the app database; with `npm start` on embedded Postgres, ' +
        'copy the url from its "embedded Postgres is up" log line.',
    )
    process.exit(1)
  }
  return { appUrl: process.env.APP_URL || `http://localhost:${process.env.PORT ?? 3000}` }
}
