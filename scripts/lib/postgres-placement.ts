import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, lstatSync, readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs'
import { chmod, mkdir, rename, rm, symlink } from 'node:fs/promises'
import path from 'node:path'

/**
 * As root, Postgres runs as a system user (it refuses root). That user must
 * walk to its binaries, their shared libraries and its data directory. A
 * checkout in a folder only root may enter (`/root`, mode 0700, the usual
 * container) is out of its reach, so what it needs goes under RELOCATION_ROOT
 * instead, in a folder per checkout: a hard-linked copy of the Postgres
 * bundle, and the data directory, with a symlink left where the data was
 * asked for. Nothing moves when the checkout is reachable, or when we are not
 * root. docs/decisions/015.
 */

export const RELOCATION_ROOT = '/var/lib/esd-quest'

export type RunAs = { uid?: number; gid?: number }

/** The checkout this file belongs to. */
export const checkoutRoot = path.resolve(import.meta.dirname, '../..')

/** May `runAs` enter `dir` and every folder above it? */
export function canTraverse(dir: string, runAs: RunAs): boolean {
  if (runAs.uid === undefined) return true
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (existsSync(current)) {
      const { mode, uid, gid } = statSync(current)
      const bit = uid === runAs.uid ? 0o100 : gid === runAs.gid ? 0o010 : 0o001
      if ((mode & bit) === 0) return false
    }
    if (current === path.dirname(current)) return true
  }
}

/** `/var/lib/esd-quest/<checkout folder name>-<hash of its path>`: stable for a checkout, distinct between checkouts. */
export function relocationFolder(checkout = checkoutRoot): string {
  const real = existsSync(checkout) ? realpathSync(checkout) : path.resolve(checkout)
  const id = createHash('sha256').update(real).digest('hex').slice(0, 10)
  return path.join(RELOCATION_ROOT, `${path.basename(real)}-${id}`)
}

/** Where the data directory `dataDir` goes when relocated: the same relative path inside the checkout's folder. */
export function relocatedDataDir(dataDir: string, checkout = checkoutRoot): string {
  const relative = path.relative(checkout, dataDir)
  const inside = relative && !relative.startsWith('..') && !path.isAbsolute(relative)
  const hash = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 10)
  return path.join(relocationFolder(checkout), inside ? relative : `external/${path.basename(dataDir)}-${hash}`)
}

/** Creates `dir` and the folders above it up to RELOCATION_ROOT, root-owned and enterable by anyone. */
async function mkdirEnterable(dir: string) {
  const missing: string[] = []
  for (let current = dir; !existsSync(current); current = path.dirname(current)) missing.unshift(current)
  for (const folder of missing) {
    await mkdir(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error
    })
    // Explicit, whatever the umask.
    await chmod(folder, 0o755)
  }
}

function copyTree(from: string, to: string) {
  try {
    // Hard links: no extra space, and instant, when both sides share a filesystem.
    execFileSync('cp', ['-al', from, to], { stdio: 'ignore' })
  } catch {
    execFileSync('rm', ['-rf', to])
    execFileSync('cp', ['-a', from, to], { stdio: 'ignore' })
  }
  // Files and folders readable (and folders enterable) by the system user, whatever the umask at install.
  execFileSync('chmod', ['-R', 'a+rX', to])
}

type Binaries = { postgres: string; initdb: string; pg_ctl: string }

/**
 * The Postgres binaries at a path the system user can reach: as they are, or
 * from a copy of their bundle (`native/`: bin, lib, share; the binaries find
 * their libraries relative to themselves) in the checkout's relocation folder.
 */
export async function reachableBinaries(bins: Binaries, runAs: RunAs, log: (line: string) => void): Promise<Binaries> {
  const native = path.dirname(path.dirname(bins.postgres))
  const parts = ['bin', 'lib', 'share'].map((part) => path.join(native, part)).filter((dir) => existsSync(dir))
  if (parts.every((dir) => canTraverse(dir, runAs))) return bins

  const manifest = JSON.parse(readFileSync(path.join(path.dirname(native), 'package.json'), 'utf8')) as { version?: string }
  const target = path.join(relocationFolder(), `postgres-${manifest.version ?? 'unknown'}`)
  if (!existsSync(path.join(target, 'bin', 'postgres'))) {
    await mkdirEnterable(path.dirname(target))
    // Copied beside the target and renamed into place: a concurrent start sees all of it or none.
    const staging = `${target}.${process.pid}-${Date.now()}`
    copyTree(native, staging)
    await rename(staging, target).catch(async (error: NodeJS.ErrnoException) => {
      await rm(staging, { recursive: true, force: true })
      if (!existsSync(path.join(target, 'bin', 'postgres'))) throw error
    })
    log(`copied the Postgres binaries to ${target}: the system user cannot reach ${native}`)
  }
  const relocate = (bin: string) => path.join(target, path.relative(native, bin))
  return { postgres: relocate(bins.postgres), initdb: relocate(bins.initdb), pg_ctl: relocate(bins.pg_ctl) }
}

export type DataDirPlacement = {
  /** Where the files really are. */
  dir: string
  /** True when that is under RELOCATION_ROOT, with a symlink at the asked-for path. */
  relocated: boolean
}

function linkTarget(dataDir: string): string | undefined {
  try {
    return lstatSync(dataDir).isSymbolicLink() ? readlinkSync(dataDir) : undefined
  } catch {
    return undefined
  }
}

/**
 * Where the data directory asked for as `dataDir` really lives. A relocated
 * folder belongs to the symlink at `dataDir`: once that is gone (someone
 * deleted `.data`, the e2e suite wiped its folder), the folder is stale and is
 * removed, so deleting the data folder still means starting over.
 * `release(dir)` must stop a server still running there before it is removed.
 */
export async function placeDataDir(
  dataDir: string,
  runAs: RunAs,
  release: (dir: string) => Promise<void>,
): Promise<DataDirPlacement> {
  if (runAs.uid === undefined) return { dir: dataDir, relocated: false }
  const target = relocatedDataDir(dataDir)
  const link = linkTarget(dataDir)
  if (link === target) return { dir: target, relocated: true }
  if (link !== undefined && existsSync(dataDir)) {
    // A symlink of the user's own: the data lives where it points.
    const real = realpathSync(dataDir)
    if (canTraverse(path.dirname(real), runAs)) return { dir: real, relocated: false }
    throw new Error(`${dataDir} links to ${real}, which the Postgres system user cannot reach; remove the link to let esd.quest place the data.`)
  }
  if (existsSync(target)) {
    await release(target)
    await rm(target, { recursive: true, force: true })
  }
  await mkdir(path.dirname(dataDir), { recursive: true })
  if (canTraverse(path.dirname(dataDir), runAs)) return { dir: dataDir, relocated: false }

  await mkdirEnterable(path.dirname(target))
  if (existsSync(dataDir)) {
    // A data directory made where it cannot run (e.g. by a non-root run of the same checkout): keep its data.
    await release(dataDir)
    await rename(dataDir, target).catch(() => {
      execFileSync('cp', ['-a', dataDir, target])
      execFileSync('rm', ['-rf', dataDir])
    })
  } else {
    await rm(dataDir, { force: true })
  }
  await symlink(target, dataDir)
  if (!canTraverse(path.dirname(target), runAs)) {
    throw new Error(`Postgres runs as a system user that cannot enter ${path.dirname(target)}; allow it to (chmod o+x).`)
  }
  return { dir: target, relocated: true }
}
