import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

/**
 * Turns Prisma schemas into SQL with Prisma 6.19's WebAssembly schema engine
 * (Prisma 7's CLI needs a native engine we cannot download). Only pure diffs
 * work: the WASM engine cannot describe a live Postgres 18 database.
 * See docs/decisions/001-prisma-7-and-migrations.md.
 */

const require = createRequire(import.meta.url)
const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..')

/** Prisma 7 schemas carry no datasource url; Prisma 6 insists on one. */
export function toPrisma6Schema(schema: string): string {
  return schema.replace(
    /(datasource\s+\w+\s*\{[^}]*?provider\s*=\s*"postgresql")/,
    '$1\n  url      = env("DATABASE_URL")',
  )
}

export type DiffSource = { kind: 'empty' } | { kind: 'schema'; text: string }

export async function diffSchemasToSql(options: {
  from: DiffSource
  to: string
  /** Any reachable database: the CLI connects even for a pure diff. */
  databaseUrl: string
}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'esd-prisma-diff-'))
  try {
    const adapterUrl = pathToFileURL(require.resolve('@prisma/adapter-pg')).href
    const configPath = path.join(dir, 'prisma.config.mjs')
    await writeFile(
      configPath,
      `import { PrismaPg } from ${JSON.stringify(adapterUrl)}
export default {
  experimental: { adapter: true },
  engine: 'js',
  schema: ${JSON.stringify(path.join(dir, 'to.prisma'))},
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL, allowExitOnIdle: true, idleTimeoutMillis: 100 }),
}
`,
    )
    await writeFile(path.join(dir, 'to.prisma'), toPrisma6Schema(options.to))
    const args = ['migrate', 'diff', '--config', configPath, '--script']
    if (options.from.kind === 'empty') {
      args.push('--from-empty')
    } else {
      await writeFile(path.join(dir, 'from.prisma'), toPrisma6Schema(options.from.text))
      args.push('--from-schema-datamodel', path.join(dir, 'from.prisma'))
    }
    args.push('--to-schema-datamodel', path.join(dir, 'to.prisma'))
    return await runPrisma6(args, options.databaseUrl)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

function runPrisma6(args: string[], databaseUrl: string): Promise<string> {
  const cli = path.join(projectRoot, 'node_modules/prisma6/build/index.js')
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: projectRoot,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        // Any existing file stops the CLI from trying to download native engines.
        PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
        PRISMA_QUERY_ENGINE_LIBRARY: process.execPath,
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
        CHECKPOINT_DISABLE: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0) resolve(stdout)
      else reject(new Error(`prisma migrate diff failed (${code}):\n${stderr || stdout}`))
    })
  })
}

export async function readSchema(file = path.join(projectRoot, 'prisma/schema.prisma')) {
  return readFile(file, 'utf8')
}
