/**
 * `npm run db:deploy`: apply pending migrations to DATABASE_URL and exit.
 * For deployments that migrate before traffic arrives (Vercel build step,
 * a release job). `npm start` migrates on its own.
 */
import pg from 'pg'
import { applyMigrations } from '../app/utils/migrations.server.ts'

const url = process.env.DATABASE_URL
if (!url) {
  console.error('DATABASE_URL is not set: there is no database to migrate.')
  process.exit(1)
}
const client = new pg.Client({ connectionString: url })
await client.connect()
try {
  const applied = await applyMigrations(client, { log: (msg) => console.log(msg) })
  console.log(applied.length ? `applied ${applied.length} migration(s)` : 'database schema is current')
} catch (error) {
  console.error((error as Error).message)
  process.exitCode = 1
} finally {
  await client.end()
}
