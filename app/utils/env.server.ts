import { z } from 'zod'
import { trustProxySchema } from './trust-proxy.server'

/**
 * Every environment variable the app reads, parsed once.
 *
 * `APP_ENV` (not `NODE_ENV`) decides how strict we are: `npm start` runs the
 * optimized build (`NODE_ENV=production`) on embedded defaults, which is still
 * a development deployment. Only `APP_ENV=production` demands real services.
 */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional()

/** An empty value (`DATABASE_URL=` in a .env file) means "not set". */
const optionalUrl = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.url().optional())

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes')

const FROM_ADDRESS = /^(?:[^<>]*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/

export const DEFAULT_EMAIL_FROM = 'esd.quest <no-reply@esd.quest>'

const port = z.coerce.number().int().min(0).max(65535)

export const envSchema = z.object({
  APP_ENV: z.enum(['development', 'test', 'production']).default('development'),
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),

  HOST: z.string().default('0.0.0.0'),
  // Who may tell our HTTP server the client's address and scheme: a hop count or proxy subnets, never everyone.
  TRUST_PROXY: trustProxySchema,
  // Set by Vercel on its functions: the client's address comes from its headers.
  VERCEL: booleanFlag,
  PORT: port.default(3000),
  APP_URL: optionalUrl,
  // Passkeys: the relying party id (a registrable domain) and the page origins allowed to use it.
  WEBAUTHN_RP_ID: optionalString,
  WEBAUTHN_RP_NAME: z.string().default('esd.quest'),
  WEBAUTHN_ORIGINS: optionalString,

  DATABASE_URL: optionalUrl,
  /** The role that owns the tables and runs migrations; unset, migrations run as DATABASE_URL's role. */
  DATABASE_MIGRATION_URL: optionalUrl,
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATA_DIR: z.string().default('.data'),
  EMBEDDED_PG_PORT: port.default(0),

  INNGEST_DEV: optionalString,
  /**
   * Runs the in-process job runner keeps going at once in one process. A sender number's dispatch run holds its
   * slot while it sends, so this bounds how many numbers send at the same time (docs/decisions/042).
   */
  JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(32),
  INNGEST_EVENT_KEY: optionalString,
  INNGEST_SIGNING_KEY: optionalString,
  INNGEST_BASE_URL: optionalString,
  // Inngest Cloud environment (a branch environment's name); the job-run page links into it.
  INNGEST_ENV: optionalString,

  LIVEBLOCKS_SECRET_KEY: optionalString,
  LIVEBLOCKS_BASE_URL: optionalString,
  LIVEBLOCKS_DEV_PORT: port.default(0),
  // Browsers reach the dev server through the app's own origin (our HTTP server proxies it).
  LIVEBLOCKS_DEV_PROXY: booleanFlag,

  POSTMARK_SERVER_TOKEN: optionalString,
  /** Another Postmark-compatible origin (tests' fake, a proxy); unset means api.postmarkapp.com. */
  POSTMARK_API_URL: optionalUrl,
  /** Another GoHighLevel API v2 origin (tests' fake, a proxy); unset means https://services.leadconnectorhq.com. */
  GHL_API_URL: optionalUrl,
  /** `Name <address>` or a bare address; filled with DEFAULT_EMAIL_FROM outside production. */
  EMAIL_FROM: optionalString.refine((v) => v === undefined || FROM_ADDRESS.test(v), {
    message: 'Expected an address or "Name <address>"',
  }),

  // The national Do-Not-Call registry, through a DNC.com-style scrub API (app/modules/compliance/dnc-provider.server.ts).
  // Unset outside production: a simulated registry; unset in production: marketing sends are blocked (fail closed).
  DNC_API_URL: optionalUrl,
  DNC_API_KEY: optionalString,
  DNC_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),

  // Key ring for carriers' Twilio auth tokens at rest: `id:base64key,...`, each key 32 bytes; the first encrypts,
  // every one decrypts (app/modules/messaging/carrier-token-crypto.server.ts parses it). Unset outside production:
  // a fixed, public development key with id `dev` (not secret).
  CARRIER_TOKEN_KEYS: optionalString,
  /** Another Twilio-compatible origin (tests' and the send bench's fake, a proxy); unset means *.twilio.com. */
  TWILIO_API_BASE_URL: optionalUrl,
  /**
   * Shifts the send path's clock (quiet hours, cooldowns) by this many milliseconds. Refused in production:
   * end-to-end tests use it to send at a fixed hour of the recipients' day whatever the hour they run at.
   */
  SEND_CLOCK_OFFSET_MS: z.coerce.number().int().default(0),

  SEED_DEMO: booleanFlag.default(true),

  // Uploads (tus): local files under UPLOADS_DIR (default DATA_DIR/uploads), or S3-compatible storage when S3_BUCKET is set.
  UPLOADS_DIR: optionalString,
  UPLOAD_MAX_BYTES: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).default(2 * 1024 ** 3),
  S3_BUCKET: optionalString,
  S3_REGION: optionalString,
  /** Another S3-compatible origin (MinIO, R2, s3rver in tests); unset means AWS S3 itself. */
  S3_ENDPOINT: optionalUrl,
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  S3_FORCE_PATH_STYLE: booleanFlag,
})

export type Env = Omit<z.infer<typeof envSchema>, 'EMAIL_FROM'> & { EMAIL_FROM: string }

/** Variables a production deployment must set; each is named when missing. */
export const requiredInProduction = [
  'APP_URL',
  'DATABASE_URL',
  'INNGEST_EVENT_KEY',
  'INNGEST_SIGNING_KEY',
  'LIVEBLOCKS_SECRET_KEY',
  'POSTMARK_SERVER_TOKEN',
  'EMAIL_FROM',
  'CARRIER_TOKEN_KEYS',
] as const satisfies readonly (keyof Env)[]

export class EnvError extends Error {
  override name = 'EnvError'
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source)
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new EnvError(`Invalid environment variables:\n${lines.join('\n')}`)
  }
  const env = result.data
  if (env.APP_ENV === 'production') {
    const missing = requiredInProduction.filter((key) => env[key] === undefined)
    if (missing.length > 0) {
      throw new EnvError(
        `APP_ENV=production needs these variables (see .env.example): ${missing.join(', ')}`,
      )
    }
  }
  if (env.APP_ENV === 'production' && env.SEND_CLOCK_OFFSET_MS !== 0) {
    throw new EnvError('SEND_CLOCK_OFFSET_MS shifts the send clock for tests; a production deployment never sets it.')
  }
  if (env.APP_ENV === 'production' && env.VERCEL && !env.S3_BUCKET) {
    // A Vercel function's disk is its own and temporary: a file's chunks would land on different instances and vanish.
    throw new EnvError('APP_ENV=production on Vercel needs S3-compatible storage for uploads (S3_BUCKET and its S3_* variables, see .env.example).')
  }
  if ((env.S3_ACCESS_KEY_ID === undefined) !== (env.S3_SECRET_ACCESS_KEY === undefined)) {
    throw new EnvError('Set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY together (or neither, to use the AWS default credentials).')
  }
  return { ...env, EMAIL_FROM: env.EMAIL_FROM ?? DEFAULT_EMAIL_FROM }
}

let cached: Env | undefined

/** The parsed environment; re-read after `resetEnv()` (tests and boot change process.env). */
export function getEnv(): Env {
  cached ??= parseEnv(process.env)
  return cached
}

export function resetEnv() {
  cached = undefined
}
