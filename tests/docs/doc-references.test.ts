import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The repository explains itself: every file the README and docs/ point at
 * (a relative link, or a path in backticks) is in the repository, so a reader
 * who only has this clone is never sent to a document they do not have.
 */

const root = path.resolve(import.meta.dirname, '../..')

function markdownFiles(): string[] {
  const docs = (dir: string): string[] =>
    readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? docs(path.join(dir, entry.name)) : entry.name.endsWith('.md') ? [path.join(dir, entry.name)] : [],
    )
  return ['README.md', ...docs('docs')]
}

const repositoryFolders = new Set(['app', 'bench', 'docs', 'e2e', 'inngest', 'prisma', 'public', 'scripts', 'tests', '.ci'])

// Paths that are made at run time or are placeholders, not files of the repository.
const generated = /^(\.data|\.env$|build\/|public\/build|node_modules|app\/generated|test-results|playwright-report)/
const placeholder = /[<>…*{}$]|\.\.\.|^https?:|^[a-z]+:\/\//

/** Relative links, and backticked tokens that look like a repository path or a markdown file. */
export function referencedPaths(markdown: string): string[] {
  const links = [...markdown.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!)
  const code = [...markdown.matchAll(/`([^`\s]+)`/g)]
    .map((m) => m[1]!)
    .filter((token) => (repositoryFolders.has(token.split('/')[0]!) && token.includes('/')) || /^[\w.-]+\.md$/.test(token))
  return [...links, ...code].filter((ref) => !placeholder.test(ref))
}

describe('documentation references', () => {
  it('recognizes links and backticked paths, not commands or placeholders', () => {
    expect(referencedPaths('see [the map](docs/architecture.md#layers), `app/utils/db.server.ts` and `DESIGN.md`')).toEqual([
      'docs/architecture.md',
      'app/utils/db.server.ts',
      'DESIGN.md',
    ])
    expect(referencedPaths('`npm start`, `prisma/migrations/<name>/migration.sql`, [x](https://example.com)')).toEqual([])
  })

  for (const file of markdownFiles()) {
    it(`${file} points only at files in this repository`, () => {
      const text = readFileSync(path.join(root, file), 'utf8')
      const missing = referencedPaths(text).filter((ref) => {
        if (generated.test(ref)) return false
        const fromFile = path.resolve(root, path.dirname(file), ref)
        const fromRoot = path.resolve(root, ref)
        return !existsSync(fromFile) && !existsSync(fromRoot)
      })
      expect(missing).toEqual([])
    })
  }
})
