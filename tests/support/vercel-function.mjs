// The production build served the way Vercel's Node runtime serves it: Vercel's
// own Remix request handler, with no getLoadContext and none of our HTTP
// server's middleware. Prints "listening <port>" once ready.
import http from 'node:http'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequestHandler } from '@vercel/remix/server'

const build = await import(pathToFileURL(path.resolve(process.argv[2] ?? 'build/index.js')).href)
const handler = createRequestHandler({ build, mode: 'production' })
const server = http.createServer((req, res) => {
  handler(req, res).catch((error) => {
    console.error(error)
    res.statusCode = 500
    res.end()
  })
})
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`))
process.on('SIGTERM', () => server.close(() => process.exit(0)))
