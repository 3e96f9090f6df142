/**
 * npm run db:seed
 *
 * The demo data `npm start` seeds on embedded Postgres, for the database in
 * DATABASE_URL: the sandbox organization "Demo Realty" with an admin and a
 * few hundred leads, and a platform super admin. Applies pending migrations
 * first; seeding twice changes nothing. Prints fresh one-time sign-in links.
 * Refused when APP_ENV=production.
 */
import { loadCliEnvironment } from '../scripts/lib/cli-environment.ts'

const { appUrl } = loadCliEnvironment()
if (process.env.APP_ENV === 'production') {
  console.error('Demo data is never seeded into a production deployment (APP_ENV=production).')
  process.exit(1)
}
const { migrateDatabase, seedDemo } = await import('../app/utils/runtime.server.ts')
const { disconnectDb } = await import('../app/utils/db.server.ts')
try {
  await migrateDatabase()
  const demo = await seedDemo(appUrl)
  console.log(demo.created ? `Seeded ${demo.organization}.` : `${demo.organization} was already seeded; nothing changed.`)
  const link = (who: string, url: string | null) => (url ? `  ${who}:\n    ${url}` : `  ${who} is disabled: no link.`)
  console.log(`One-time sign-in links (15 minutes, single use):\n${link(demo.adminEmail, demo.signInUrl)}\n${link(demo.superAdminEmail, demo.superAdminSignInUrl)}`)
} catch (error) {
  console.error((error as Error).message)
  process.exitCode = 1
} finally {
  await disconnectDb()
}
