// The production build served the way Vercel's Node runtime serves it: Vercel's
// own Remix request handler, with no getLoadContext and none of our HTTP
// server's middleware, and VERCEL=1 in the environment (the test sets it).
// Prints "listening <port>" once ready.
import http from 'node:http'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequestHandler } from '@vercel/remix/server'

const build = await import(pathToFileURL(path.resolve(process.argv[2] ?? 'build/index.js')).href)
const handler = createRequestHandler({ build, mode: 'production' })
const server = http.createServer((req, res) => {
  // What Vercel's edge adds to every request before the function sees it:
  // the client's address, which no client can set, and the scheme (https).
  // X-Forwarded-For passes through as the client wrote it, as it would behind
  // a proxy in front of Vercel.
  req.headers['x-real-ip'] = req.socket.remoteAddress
  req.headers['x-vercel-forwarded-for'] = req.socket.remoteAddress
  req.headers['x-forwarded-proto'] = 'https'
  handler(req, res).catch((error) => {
    console.error(error)
    res.statusCode = 500
    res.end()
  })
})
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`))
process.on('SIGTERM', () => server.close(() => process.exit(0)))
