import { execFileSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { findFreePort } from './ports.ts'

/**
 * The Liveblocks dev server (`liveblocks dev`, from npm) under Bun (from npm
 * too). We start Bun on the CLI ourselves: the `liveblocks` launcher would
 * re-spawn `bun` from PATH and leave it running when the launcher is killed.
 */

export type LiveblocksDevServer = { url: string; port: number; pid: number; stop(): Promise<void> }

const require = createRequire(import.meta.url)

export function findBun(): string | undefined {
  const pkg = `@oven/bun-${process.platform}-${process.arch === 'arm64' ? 'aarch64' : process.arch}`
  try {
    const bin = path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'bin', 'bun')
    if (existsSync(bin)) return bin
  } catch {
    // not installed for this platform; fall back to PATH
  }
  try {
    execFileSync('bun', ['--version'], { stdio: 'ignore' })
    return 'bun'
  } catch {
    return undefined
  }
}

export async function startLiveblocksDevServer(options: {
  workDir: string
  port?: number
  log?: (line: string) => void
  /** Called with the stop function as soon as Bun is spawned, so a signal during start-up still stops it. */
  onSpawn?: (stop: () => Promise<void>) => void
}): Promise<LiveblocksDevServer> {
  const log = options.log ?? (() => {})
  const bun = findBun()
  if (!bun) {
    throw new Error(
      'The Liveblocks dev server needs Bun, which `npm install` provides for Linux and macOS ' +
        '(@oven/bun-*). Install Bun, or set LIVEBLOCKS_SECRET_KEY to use Liveblocks itself.',
    )
  }
  const cli = require.resolve('liveblocks/dist/index.js')
  const port = options.port || (await findFreePort())
  // The dev server looks at its working directory for a project; give it an empty one.
  await mkdir(options.workDir, { recursive: true })
  const child = spawn(bun, [cli, 'dev', '--host', '127.0.0.1', '--port', String(port), '--no-persist', '--no-check'], {
    cwd: options.workDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  })
  let output = ''
  const onOutput = (chunk: Buffer) => {
    // eslint-disable-next-line no-control-regex
    const text = chunk.toString().replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
    if (output.length < 20_000) output += text
    for (const line of text.split('\n')) if (line.trim()) log(line.trim())
  }
  child.stdout.on('data', onOutput)
  child.stderr.on('data', onOutput)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  let stopping: Promise<void> | undefined
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timeout = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timeout)
    })()
    return stopping
  }
  options.onSpawn?.(stop)

  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  for (;;) {
    const done = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 150))])
    if (done) {
      throw new Error(`The Liveblocks dev server exited before it was ready:\n${output.slice(-2000)}`)
    }
    const ok = await fetch(`${url}/`, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false)
    if (ok) break
    if (Date.now() > deadline) {
      child.kill('SIGTERM')
      throw new Error(`The Liveblocks dev server did not answer on ${url} within 30 s:\n${output.slice(-2000)}`)
    }
  }

  return { url, port, pid: child.pid ?? -1, stop }
}
