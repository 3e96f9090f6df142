import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { PrismaClient } from '~/generated/prisma/client.ts'

export { Prisma } from '~/generated/prisma/client.ts'

function databaseUrl(): string {
  const url = process.env.DATABASE_URL
  if (!url) {
    throw new Error(
      'DATABASE_URL is not set. `npm start` sets it for its embedded Postgres; ' +
        'tests set it per worker; a deployment must set it (see .env.example).',
    )
  }
  return url
}

// One pool per process, shared by Prisma and the few places that need raw
// `pg` (COPY, advisory locks, LISTEN). Kept on globalThis so dev reloads reuse it.
const globalForDb = globalThis as unknown as { esdPool?: pg.Pool; esdPrisma?: PrismaClient }

export const pool: pg.Pool = (globalForDb.esdPool ??= new pg.Pool({
  connectionString: databaseUrl(),
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  connectionTimeoutMillis: 5_000,
  idleTimeoutMillis: 30_000,
}))

// A pool error on an idle client (e.g. the server restarted) must not crash the process.
pool.on('error', () => {})

export const prisma: PrismaClient = (globalForDb.esdPrisma ??= new PrismaClient({
  adapter: new PrismaPg(pool),
}))

export async function disconnectDb() {
  await prisma.$disconnect()
  await pool.end().catch(() => {})
  globalForDb.esdPool = undefined
  globalForDb.esdPrisma = undefined
}
