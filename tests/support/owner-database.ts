import pg from 'pg'

/**
 * A connection to this test file's database as the owner role (esd_owner),
 * for test set-up the app role may not do: adding a trigger, proving the
 * append-only trigger holds even for the owner. Code under test keeps
 * running as the app role (DATABASE_URL).
 */
export async function asOwner<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = process.env.DATABASE_MIGRATION_URL
  if (!url) throw new Error('DATABASE_MIGRATION_URL is not set: tests/setup/file-database.ts sets it for integration tests.')
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}
