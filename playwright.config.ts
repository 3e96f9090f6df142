import { existsSync } from 'node:fs'
import path from 'node:path'
import { defineConfig, devices } from '@playwright/test'
import { findFreePort } from './scripts/lib/ports.ts'

/**
 * End-to-end tests in real Chromium against the production build, served by
 * the same process `npm start` runs (minus its build step): embedded
 * Postgres, the Liveblocks dev server, the in-process job runner.
 *
 * Every run starts on an empty `.data/e2e`. The folder is wiped by the web
 * server command itself: Playwright starts `webServer` before `globalSetup`,
 * so a global setup would be too late.
 */

const root = path.dirname(new URL(import.meta.url).pathname)

if (!existsSync(path.join(root, 'build/index.js'))) {
  throw new Error('No production build: run `npm run build` before `npx playwright test`.')
}

const port = Number(process.env.E2E_PORT ?? 3170)
// A fixed Postgres port would sit in the kernel's ephemeral range, where any
// outgoing connection of the suite before may hold it. The runner picks a
// free one once; its workers inherit it through the environment, and the
// fixtures (e2e/fixtures.ts) read it from there.
process.env.E2E_PG_PORT ||= String(await findFreePort())
const pgPort = Number(process.env.E2E_PG_PORT)
// The same for the Liveblocks dev server: tests that play the carrier's part in the worker notify pages through it.
process.env.E2E_LIVEBLOCKS_PORT ||= String(await findFreePort())
const liveblocksPort = Number(process.env.E2E_LIVEBLOCKS_PORT)
// The fake GoHighLevel API (tests/fakes/fake-ghl.ts) that e2e/gohighlevel.spec.ts starts on this port; the server calls it.
process.env.E2E_GHL_PORT ||= String(await findFreePort())
const ghlPort = Number(process.env.E2E_GHL_PORT)
const baseURL = `http://localhost:${port}`
// The server's send clock runs at 19:00 UTC today, inside every US recipient's sending window on any day, so
// quiet hours never depend on when the suite runs (SEND_CLOCK_OFFSET_MS; refused in production).
const sendClockAt = new Date()
sendClockAt.setUTCHours(19, 0, 0, 0)
const sendClockOffset = String(sendClockAt.getTime() - Date.now())
const dataDir = '.data/e2e'

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: true,
  forbidOnly: true,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL,
    colorScheme: 'light',
    screenshot: 'only-on-failure',
    trace: 'off',
    video: 'off',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-dev-shm-usage',
          ],
        },
      },
    },
  ],
  webServer: {
    command: `node -e "require('node:fs').rmSync('${dataDir}', { recursive: true, force: true })" && exec node --import tsx scripts/start.ts`,
    cwd: root,
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    // start.ts stops the app, the Liveblocks dev server and Postgres in order
    // on SIGTERM; a SIGKILL would leave the (detached) dev server running.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    env: {
      PORT: String(port),
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      LIVEBLOCKS_DEV_PORT: String(liveblocksPort),
      SEND_CLOCK_OFFSET_MS: sendClockOffset,
      GHL_API_URL: `http://127.0.0.1:${ghlPort}`,
      LOG_LEVEL: 'warn',
      APP_ENV: 'development',
      // Always the embedded defaults, whatever the shell or .env says.
      DATABASE_URL: '',
      APP_URL: '',
      LIVEBLOCKS_SECRET_KEY: '',
      LIVEBLOCKS_BASE_URL: '',
      INNGEST_DEV: '',
      INNGEST_EVENT_KEY: '',
      INNGEST_SIGNING_KEY: '',
      // Uploads on local disk under DATA_DIR.
      UPLOADS_DIR: '',
      S3_BUCKET: '',
    },
  },
})
