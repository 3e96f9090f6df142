/**
 * `npm run db:deploy`: apply pending migrations and exit, as the role of
 * DATABASE_MIGRATION_URL (else DATABASE_URL's), then grant DATABASE_URL's
 * role what the app needs (docs/decisions/014). For deployments that migrate
 * before traffic arrives (Vercel build step, a release job). `npm start`
 * migrates on its own.
 */
import { migrateDatabase } from '../app/utils/migrate-database.server.ts'

const appUrl = process.env.DATABASE_URL
if (!appUrl) {
  console.error('DATABASE_URL is not set: there is no database to migrate.')
  process.exit(1)
}
try {
  const result = await migrateDatabase({
    migrationUrl: process.env.DATABASE_MIGRATION_URL || appUrl,
    appUrl,
    log: (msg) => console.log(msg),
  })
  console.log(result.applied.length ? `applied ${result.applied.length} migration(s)` : 'database schema is current')
  if (result.appRole !== result.migrationRole) {
    console.log(`granted the app role ${result.appRole} its privileges; ${result.migrationRole} owns the tables`)
  }
  if (!result.leastPrivilege) {
    console.warn(
      `the app role ${result.appRole} can alter its own tables: set DATABASE_MIGRATION_URL to an owner role (docs/deploy.md)`,
    )
  }
} catch (error) {
  console.error((error as Error).message)
  process.exitCode = 1
}
