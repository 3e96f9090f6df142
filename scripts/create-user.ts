/**
 * npm run user:create -- --email <email> --name <name> --role <super_admin|admin|operator>
 *                        --org <slug> [--org-name <name>] [--environment prod|sandbox|test]
 *
 * Bootstraps an account without an invitation (the first super admin of an
 * installation) and prints a one-time sign-in link (15 minutes, single use).
 */
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { loadCliEnvironment } from './lib/cli-environment.ts'

const { appUrl } = loadCliEnvironment()
const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', default: 'admin' },
    org: { type: 'string' },
    'org-name': { type: 'string' },
    environment: { type: 'string', default: 'prod' },
  },
})
const parsed = z
  .object({
    email: z.email('--email must be an email address'),
    name: z.string('--name is required').trim().min(1).max(80),
    role: z.enum(['super_admin', 'admin', 'operator']),
    org: z.string('--org (the organization slug) is required').regex(/^[a-z0-9-]{1,40}$/, '--org: lower-case letters, digits, dashes'),
    'org-name': z.string().trim().min(1).max(100).optional(),
    environment: z.enum(['prod', 'sandbox', 'test']),
  })
  .safeParse(values)
if (!parsed.success) {
  console.error(parsed.error.issues.map((i) => i.message).join('\n'))
  process.exit(1)
}
const args = parsed.data

const { createUserDirectly } = await import('../app/modules/orgs/create-user-directly.server.ts')
const { createSignInLink } = await import('../app/modules/auth/create-sign-in-link.server.ts')
const { disconnectDb } = await import('../app/utils/db.server.ts')
try {
  const { user, organization } = await createUserDirectly({
    actor: { type: 'system', label: 'cli:create-user' },
    email: args.email,
    name: args.name,
    role: args.role,
    organization: { slug: args.org, name: args['org-name'] ?? args.org, environment: args.environment },
  })
  const link = await createSignInLink({ userId: user.id, baseUrl: appUrl })
  console.log(`Created ${user.role} ${user.email} in ${organization.name}.`)
  console.log(`One-time sign-in link (15 minutes, single use):\n\n  ${link.url}\n`)
} catch (error) {
  console.error((error as Error).message)
  process.exitCode = 1
} finally {
  await disconnectDb()
}
