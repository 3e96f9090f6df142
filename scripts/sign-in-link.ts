/**
 * npm run user:sign-in-link -- <email>
 *
 * Prints a one-time sign-in link (15 minutes, single use) for an existing,
 * active user: for operators who help someone in, and for local development.
 */
import { loadCliEnvironment } from './lib/cli-environment.ts'

const { appUrl } = loadCliEnvironment()
const email = process.argv[2]?.trim().toLowerCase()
if (!email) {
  console.error('Usage: npm run user:sign-in-link -- <email>')
  process.exit(1)
}
const { prisma, disconnectDb } = await import('../app/utils/db.server.ts')
const { createSignInLink } = await import('../app/modules/auth/create-sign-in-link.server.ts')
const { recordAudit } = await import('../app/modules/audit/record-audit.server.ts')
try {
  const user = await prisma.user.findUnique({ where: { email } })
  if (!user) throw new Error(`No user has the address ${email}.`)
  const link = await createSignInLink({ userId: user.id, baseUrl: appUrl })
  await recordAudit(prisma, {
    actor: { type: 'system', label: 'cli:sign-in-link', organizationId: user.organizationId },
    action: 'sign_in_link.issued',
    target: { type: 'user', id: user.id },
  })
  console.log(`One-time sign-in link for ${email} (15 minutes, single use):\n\n  ${link.url}\n`)
} catch (error) {
  console.error((error as Error).message)
  process.exitCode = 1
} finally {
  await disconnectDb()
}
