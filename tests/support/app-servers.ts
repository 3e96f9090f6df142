// The production build behind our own HTTP server (scripts/lib/http-server.ts,
// as `npm start` runs it), once per TRUST_PROXY value given as an argument,
// all in this one process and on DATABASE_URL. No background jobs run.
// Prints "listening <argument index> <port>" for each once it listens.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseEnv } from '../../app/utils/env.server.ts'
import { createApp, listen, type AppBuild } from '../../scripts/lib/http-server.ts'

const root = path.resolve(import.meta.dirname, '../..')
const build = (await import(pathToFileURL(path.join(root, 'build/index.js')).href)) as AppBuild
for (const [index, value] of process.argv.slice(2).entries()) {
  const { TRUST_PROXY } = parseEnv({ TRUST_PROXY: value })
  const app = createApp({ build, publicDir: path.join(root, 'public'), trustProxy: TRUST_PROXY })
  const server = await listen(app, { port: 0, host: '127.0.0.1' })
  console.log(`listening ${index} ${new URL(server.url).port}`)
}
process.on('SIGTERM', () => process.exit(0))
