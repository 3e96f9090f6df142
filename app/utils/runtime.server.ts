import { functions } from '../../inngest/index'
import { createSignInLink } from '~/modules/auth/create-sign-in-link.server'
import { observeHttpRequest } from '~/modules/observability/metrics.server'
import { liveblocksConfig } from '~/modules/realtime/liveblocks-config.server'
import { seedDemoOrganization, seedDemoSuperAdmin } from '~/modules/orgs/seed-demo-organization.server'
import { isAppError } from './app-error'
import { disconnectDb } from './db.server'
import { getEnv } from './env.server'
import { startInProcessRunner, type InProcessRunner } from './jobs/in-process-runner.server'
import { jobsMode } from './jobs/mode.server'
import { logger } from './logger.server'
import { migrateDatabase as migrate } from './migrate-database.server'
import { requestIdFrom, runWithRequestContext } from './request-context.server'
import { appSecurityHeaders, createCspNonce, isFramablePath } from './security-headers.server'

/**
 * What the process entry (scripts/start.ts) needs from the app, exported
 * through entry.server so it shares this bundle's single Prisma client,
 * metrics registry, request context and job runner.
 */
export { appSecurityHeaders, createCspNonce, isFramablePath, liveblocksConfig, logger, observeHttpRequest, requestIdFrom, runWithRequestContext }

/** Migrates as DATABASE_MIGRATION_URL's role (else DATABASE_URL's) and grants the app role its privileges. */
export async function migrateDatabase(): Promise<string[]> {
  const env = getEnv()
  const appUrl = env.DATABASE_URL
  if (!appUrl) throw new Error('DATABASE_URL is not set: there is no database to migrate.')
  const result = await migrate({
    migrationUrl: env.DATABASE_MIGRATION_URL ?? appUrl,
    appUrl,
    log: (msg) => logger.info(msg),
  })
  if (!result.leastPrivilege && env.APP_ENV === 'production') {
    logger.warn('the app role can alter its own tables: set DATABASE_MIGRATION_URL to an owner role (docs/deploy.md)', {
      appRole: result.appRole,
      migrationRole: result.migrationRole,
    })
  }
  return result.applied
}

/** A one-time link, or null for a demo user someone has since disabled (which must not stop the app from starting). */
async function demoSignInLink(userId: string, baseUrl: string) {
  try {
    return await createSignInLink({ userId, baseUrl })
  } catch (error) {
    if (isAppError(error) && error.code === 'user_disabled') return null
    throw error
  }
}

export async function seedDemo(baseUrl: string) {
  const { organization, admin, created } = await seedDemoOrganization()
  const superAdmin = await seedDemoSuperAdmin()
  const link = await demoSignInLink(admin.id, baseUrl)
  const superAdminLink = await demoSignInLink(superAdmin.id, baseUrl)
  return {
    organization: organization.name,
    adminEmail: admin.email,
    created,
    signInUrl: link?.url ?? null,
    superAdminEmail: superAdmin.email,
    superAdminSignInUrl: superAdminLink?.url ?? null,
  }
}

let runner: InProcessRunner | undefined

export function startBackgroundJobs(): 'in-process' | 'inngest' {
  const mode = jobsMode(getEnv())
  if (mode === 'in-process') runner ??= startInProcessRunner({ functions, concurrency: getEnv().JOBS_CONCURRENCY })
  return mode
}

export async function stopRuntime() {
  await runner?.stop()
  runner = undefined
  await disconnectDb()
}
