import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const alias = { '~': fileURLToPath(new URL('./app', import.meta.url)) }

/**
 * Two projects: `unit` (no database, fast) and `integration`
 * (`*.integration.test.ts`, real Postgres: every test file gets its own
 * database cloned from a migrated template). `npm test` runs both.
 */
export default defineConfig({
  resolve: { alias },
  test: {
    // JSON logs are noise in test output; LOG_LEVEL=debug npm test shows them.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          environment: 'node',
          sequence: { groupOrder: 0 },
          include: ['app/**/*.test.{ts,tsx}', 'inngest/**/*.test.ts', 'scripts/**/*.test.ts', 'tests/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', '**/node_modules/**'],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          environment: 'node',
          sequence: { groupOrder: 1 },
          include: ['**/*.integration.test.ts'],
          exclude: ['**/node_modules/**', 'e2e/**'],
          globalSetup: ['tests/setup/global-postgres.ts'],
          setupFiles: ['tests/setup/file-database.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
          maxWorkers: 3,
        },
      },
    ],
  },
})
