import { createHash } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { InngestTestEngine } from '@inngest/test'
import Papa from 'papaparse'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cancelImport } from '~/modules/ingest/cancel-import.server'
import { createImport } from '~/modules/ingest/create-import.server'
import { resumeImport } from '~/modules/ingest/resume-import.server'
import { prisma } from '~/utils/db.server'
import { queueEvents } from '~/utils/jobs/event-intake.server'
import { startInProcessRunner, type InProcessRunner } from '~/utils/jobs/in-process-runner.server'
import { createOrganization, createUser } from '../../../tests/support/factories'
import { GENERATED_HEADER, generatePropertyRows } from '../../../tests/support/generated-rows'
import { graphSnapshot } from '../../../tests/support/graph-snapshot'
import { createLandedImport, createVertical } from '../../../tests/support/landed-import'
import { asOwner } from '../../../tests/support/owner-database'
import { runExtraction } from '../../../tests/support/run-extraction'
import { useLocalUploadStore } from '../../../tests/support/upload-env'
import { functions } from '../../index'
import { chunkStepsPerRun, importChunkRows, landChunkRows, runImport } from './run-import'

let runner: InProcessRunner | undefined
beforeEach(() => {
  importChunkRows.value = 25
})
afterEach(async () => {
  await runner?.stop()
  runner = undefined
  importChunkRows.value = 20_000
  landChunkRows.value = undefined
  chunkStepsPerRun.value = 400
})

const ROWS = generatePropertyRows(160, 21)

async function queuedImport(rows = ROWS, header = GENERATED_HEADER) {
  const org = await createOrganization()
  const user = await createUser({ organizationId: org.id, role: 'admin' })
  const vertical = await createVertical(org.id)
  const importFile = await createLandedImport({ organizationId: org.id, header, rows, verticalId: vertical.id, status: 'queued', createdByUserId: user.id })
  const actor = { type: 'user' as const, userId: user.id, organizationId: org.id, label: user.email }
  return { org, user, actor, importFile }
}

/** The graph of the same rows imported without interruption, in an organization of its own. */
async function uninterruptedGraph(rows = ROWS) {
  const org = await createOrganization()
  const vertical = await createVertical(org.id)
  const importFile = await createLandedImport({ organizationId: org.id, header: GENERATED_HEADER, rows, verticalId: vertical.id })
  await runExtraction(importFile.id, { maxRows: 25 })
  return graphSnapshot(org.id)
}

async function runQueued(importFileId: string, options: { leaseMs?: number } = {}) {
  const { organizationId } = await prisma.importFile.findUniqueOrThrow({ where: { id: importFileId }, select: { organizationId: true } })
  await queueEvents([{ name: 'import/requested', data: { importFileId, organizationId, reason: 'created' } }], [runImport])
  runner ??= startInProcessRunner({ functions: [runImport], retryBaseMs: 10, pollIntervalMs: 50, ...options })
  await runner.drain({ timeoutMs: 60_000 })
}

const runsOfImport = async (importFileId: string) =>
  (await prisma.jobRun.findMany({ where: { functionId: 'ingest-run-import' }, orderBy: { createdAt: 'asc' } })).filter(
    (run) => (run.events as { data: { importFileId: string } }[])[0]?.data.importFileId === importFileId,
  )

describe('ingest-run-import (@inngest/test)', { timeout: 60_000 }, () => {
  it('runs PARSE → RECORD in one step per chunk, records the import and announces it', async () => {
    const { importFile } = await queuedImport(ROWS.slice(0, 60))
    const engine = new InngestTestEngine({ function: runImport, events: [{ name: 'import/requested', data: { importFileId: importFile.id, organizationId: importFile.organizationId, reason: 'created' } }] })
    const { result, ctx } = await engine.execute()

    expect(result).toMatchObject({ status: 'completed', counts: expect.objectContaining({ rows: 60 }) })
    const steps = (ctx.step.run as unknown as { mock: { calls: [string][] } }).mock.calls.map(([id]) => id)
    expect(steps).toEqual(['begin', 'extract-start', 'extract-chunk-0', 'extract-chunk-1', 'extract-chunk-2', 'record', 'announce'])
    expect(ctx.step.sendEvent).toHaveBeenCalledWith('import-completed', expect.objectContaining({ name: 'import/completed', data: expect.objectContaining({ importFileId: importFile.id }) }))
    expect(await prisma.importFile.findUniqueOrThrow({ where: { id: importFile.id } })).toMatchObject({ status: 'completed', stage: 'done' })
  })

  it('is served, triggered by import/requested, one run per import and two imports at a time', () => {
    expect(functions).toContain(runImport)
    expect(runImport.opts).toMatchObject({ id: 'ingest-run-import', concurrency: [{ limit: 2 }, { key: 'event.data.importFileId', limit: 1 }] })
    expect(runImport.opts.triggers).toContainEqual(expect.objectContaining({ event: 'import/requested' }))
  })
})

describe('ingest-run-import (in-process runner)', { timeout: 90_000 }, () => {
  it('completes an import, with progress per stage and one audit entry for the import', async () => {
    const { org, importFile } = await queuedImport()
    await runQueued(importFile.id)

    const done = await prisma.importFile.findUniqueOrThrow({ where: { id: importFile.id } })
    expect(done).toMatchObject({ status: 'completed', stage: 'done', counts: expect.objectContaining({ rows: 160 }) })
    const progress = done.progress as Record<string, { done: number; total: number; finishedAt: string | null; rowsPerSecond: number }>
    for (const stage of ['parse', 'resolve', 'merge', 'record']) {
      expect(progress[stage], stage).toMatchObject({ done: 160, total: 160, finishedAt: expect.any(String) })
    }
    expect(await prisma.auditLog.count({ where: { organizationId: org.id, action: 'import.completed', targetId: importFile.id } })).toBe(1)
    expect(await graphSnapshot(org.id)).toEqual(await uninterruptedGraph())
  })

  it('resumes after a crash between chunks (a chunk committed, its step never recorded) with exactly the graph of an uninterrupted run', async () => {
    const { org, importFile } = await queuedImport()
    await asOwner(async (owner) => {
      await owner.query(`CREATE SEQUENCE crash_between_chunks`)
      await owner.query(`CREATE FUNCTION crash_between_chunks() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
        BEGIN
          IF cardinality(NEW.step_order) = 4 AND cardinality(OLD.step_order) = 3 AND nextval('crash_between_chunks') = 1 THEN
            RAISE EXCEPTION 'injected crash: the worker died after the chunk committed';
          END IF;
          RETURN NEW;
        END $$`)
      await owner.query(`CREATE TRIGGER crash_between_chunks BEFORE UPDATE ON job_runs FOR EACH ROW EXECUTE FUNCTION crash_between_chunks()`)
    })
    try {
      await runQueued(importFile.id, { leaseMs: 300 })
    } finally {
      await asOwner((owner) => owner.query('DROP TRIGGER crash_between_chunks ON job_runs'))
    }
    expect(await asOwner(async (owner) => (await owner.query(`SELECT last_value FROM crash_between_chunks`)).rows[0].last_value)).toBe('2')
    expect(await prisma.importFile.findUniqueOrThrow({ where: { id: importFile.id } })).toMatchObject({ status: 'completed' })
    expect(await graphSnapshot(org.id)).toEqual(await uninterruptedGraph())
  })

  it('retries a chunk that crashed inside MERGE and ends with the graph of an uninterrupted run', async () => {
    const { org, importFile } = await queuedImport()
    await asOwner(async (owner) => {
      await owner.query(`CREATE SEQUENCE crash_in_merge`)
      await owner.query(`CREATE FUNCTION crash_in_merge() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
        BEGIN IF nextval('crash_in_merge') = 3 THEN RAISE EXCEPTION 'injected crash inside MERGE'; END IF; RETURN NULL; END $$`)
      await owner.query(`CREATE TRIGGER crash_in_merge AFTER INSERT ON identity_phones FOR EACH STATEMENT EXECUTE FUNCTION crash_in_merge()`)
    })
    try {
      await runQueued(importFile.id)
    } finally {
      await asOwner((owner) => owner.query('DROP TRIGGER crash_in_merge ON identity_phones'))
    }
    // The third chunk's statement raised once (the sequence went past 3), and its retry went through.
    expect(Number(await asOwner(async (owner) => (await owner.query(`SELECT last_value FROM crash_in_merge`)).rows[0].last_value))).toBeGreaterThan(3)
    const [run] = await runsOfImport(importFile.id)
    expect(run).toMatchObject({ status: 'completed', output: expect.objectContaining({ status: 'completed' }) })
    expect(await graphSnapshot(org.id)).toEqual(await uninterruptedGraph())
  })

  it('pauses after the chunk in progress, resumes from the cursors, and ends with the graph of an uninterrupted run', async () => {
    const { org, actor, importFile } = await queuedImport()
    // A pause that arrives while the third chunk is merging.
    await asOwner(async (owner) => {
      await owner.query(`CREATE FUNCTION pause_mid_run() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
        BEGIN
          IF NEW.next_row_no = 76 THEN UPDATE import_files SET status = 'paused' WHERE id = NEW.import_file_id; END IF;
          RETURN NEW;
        END $$`)
      await owner.query(`CREATE TRIGGER pause_mid_run AFTER UPDATE ON import_extractions FOR EACH ROW EXECUTE FUNCTION pause_mid_run()`)
    })
    try {
      await runQueued(importFile.id)
    } finally {
      await asOwner((owner) => owner.query('DROP TRIGGER pause_mid_run ON import_extractions'))
    }
    expect(await prisma.importFile.findUniqueOrThrow({ where: { id: importFile.id } })).toMatchObject({ status: 'paused' })
    expect(await prisma.importExtraction.findFirstOrThrow({ where: { importFileId: importFile.id } })).toMatchObject({ status: 'running', nextRowNo: 76 })
    expect((await runsOfImport(importFile.id))[0]).toMatchObject({ status: 'completed', output: { status: 'paused' } })

    await resumeImport({ organizationId: org.id, importFileId: importFile.id, actor })
    await runner!.drain({ timeoutMs: 60_000 })

    expect(await prisma.importFile.findUniqueOrThrow({ where: { id: importFile.id } })).toMatchObject({ status: 'completed' })
    expect(await graphSnapshot(org.id)).toEqual(await uninterruptedGraph())
    expect((await prisma.auditLog.findMany({ where: { organizationId: org.id }, orderBy: { id: 'asc' } })).map((a) => a.action)).toEqual(['import.resumed', 'import.completed'])
  })

  it('cancels: the run stops, what was merged stays, nothing more is merged and the import cannot be resumed', async () => {
    const { org, actor, importFile } = await queuedImport()
    await asOwner(async (owner) => {
      await owner.query(`CREATE FUNCTION cancel_mid_run() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
        BEGIN
          IF NEW.next_row_no = 51 THEN UPDATE import_files SET status = 'cancelled' WHERE id = NEW.import_file_id; END IF;
          RETURN NEW;
        END $$`)
      await owner.query(`CREATE TRIGGER cancel_mid_run AFTER UPDATE ON import_extractions FOR EACH ROW EXECUTE FUNCTION cancel_mid_run()`)
    })
    try {
      await runQueued(importFile.id)
    } finally {
      await asOwner((owner) => owner.query('DROP TRIGGER cancel_mid_run ON import_extractions'))
    }
    expect(await prisma.importFile.findUniqueOrThrow({ where: { id: importFile.id } })).toMatchObject({ status: 'cancelled' })
    const merged = await prisma.lead.findMany({ where: { organizationId: org.id }, select: { rowNo: true } })
    expect(merged.length).toBeGreaterThan(0)
    expect(Math.max(...merged.map((l) => l.rowNo!))).toBeLessThanOrEqual(50)
    await expect(resumeImport({ organizationId: org.id, importFileId: importFile.id, actor })).rejects.toMatchObject({ code: 'import_not_resumable' })
  })

  it('a cancel that arrives after the last chunk, before RECORD, wins: the import is not completed', async () => {
    const { org, importFile } = await queuedImport()
    await asOwner(async (owner) => {
      await owner.query(`CREATE FUNCTION cancel_before_record() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
        BEGIN
          IF NEW.next_row_no > 160 AND NEW.status = 'running' THEN UPDATE import_files SET status = 'cancelled' WHERE id = NEW.import_file_id; END IF;
          RETURN NEW;
        END $$`)
      await owner.query(`CREATE TRIGGER cancel_before_record AFTER UPDATE ON import_extractions FOR EACH ROW EXECUTE FUNCTION cancel_before_record()`)
    })
    try {
      await runQueued(importFile.id)
    } finally {
      await asOwner((owner) => owner.query('DROP TRIGGER cancel_before_record ON import_extractions'))
    }
    expect(await prisma.importFile.findUniqueOrThrow({ where: { id: importFile.id } })).toMatchObject({ status: 'cancelled' })
    expect(await prisma.importExtraction.findFirstOrThrow({ where: { importFileId: importFile.id } })).toMatchObject({ status: 'running' })
    expect(await prisma.auditLog.count({ where: { organizationId: org.id, action: 'import.completed' } })).toBe(0)
    const [run] = await runsOfImport(importFile.id)
    expect(run).toMatchObject({ status: 'completed', output: { status: 'cancelled' } })
  })

  it('fails the import with the reason when a stage fails, and keeps row errors from ever failing one', async () => {
    const { importFile } = await queuedImport([['x', 'y']], ['Col A', 'Col B'])
    await runQueued(importFile.id)
    expect(await prisma.importFile.findUniqueOrThrow({ where: { id: importFile.id } })).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('No parser recognizes this header'),
    })

    const bad = ROWS.slice(0, 30).map((row) => row.map((cell, i) => (i >= 16 && i <= 18 ? 'not a phone' : cell)))
    const { importFile: messy } = await queuedImport(bad)
    await runQueued(messy.id)
    expect(await prisma.importFile.findUniqueOrThrow({ where: { id: messy.id } })).toMatchObject({
      status: 'completed',
      counts: expect.objectContaining({ invalidPhones: 90 }),
    })
  })

  it('refuses to cancel a finished import', async () => {
    const { org, actor, importFile } = await queuedImport(ROWS.slice(0, 10))
    await runQueued(importFile.id)
    await expect(cancelImport({ organizationId: org.id, importFileId: importFile.id, actor })).rejects.toMatchObject({ code: 'import_finished' })
  })
})

describe('ingest-run-import from a stored file (LAND → RECORD)', { timeout: 90_000 }, () => {
  let store: Awaited<ReturnType<typeof useLocalUploadStore>>
  beforeEach(async () => {
    store = await useLocalUploadStore()
  })
  afterEach(async () => {
    await store.restore()
  })

  /** The graph of the stored file's landed rows imported in one go, in an organization of its own. */
  async function referenceGraph(sha256: string) {
    const reference = await createOrganization()
    const vertical = await createVertical(reference.id)
    const rows = [...ROWS.slice(0, 88), ['a lone cell'], ...ROWS.slice(88)]
    const referenceImport = await createLandedImport({ organizationId: reference.id, header: GENERATED_HEADER, rows, verticalId: vertical.id, sha256 })
    await runExtraction(referenceImport.id, { maxRows: 25 })
    return graphSnapshot(reference.id)
  }

  /** ROWS as a CSV file in the upload store, with a blank line and a ragged row among them, imported (queued). */
  async function storedImport() {
    const org = await createOrganization()
    const user = await createUser({ organizationId: org.id, role: 'admin' })
    await createVertical(org.id)
    const lines = [GENERATED_HEADER, ...ROWS].map((row) => Papa.unparse([row]))
    lines.splice(40, 0, '')
    lines.splice(90, 0, 'a lone cell')
    const bytes = Buffer.from(`${lines.join('\r\n')}\r\n`)
    const storageKey = `${org.id}/leads.csv`
    await mkdir(path.join(store.root, org.id), { recursive: true })
    await writeFile(path.join(store.root, storageKey), bytes)
    const importFile = await createImport({
      organizationId: org.id,
      actor: { type: 'user', userId: user.id, organizationId: org.id, label: user.email },
      source: { storage: 'local', storageKey, filename: 'leads.csv', byteSize: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') },
      class: 'universe',
      verticalKey: 'seller',
    })
    return { org, importFile }
  }

  it('lands the file in chunks, survives a crash between LAND chunks, and ends with the graph of landed rows imported without interruption', async () => {
    landChunkRows.value = 30
    const { org, importFile } = await storedImport()
    // The worker dies right after the second LAND chunk committed, before its step is recorded.
    await asOwner(async (owner) => {
      await owner.query(`CREATE SEQUENCE crash_between_land_chunks`)
      await owner.query(`CREATE FUNCTION crash_between_land_chunks() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
        BEGIN
          IF cardinality(NEW.step_order) = 4 AND cardinality(OLD.step_order) = 3 AND nextval('crash_between_land_chunks') = 1 THEN
            RAISE EXCEPTION 'injected crash: the worker died after a LAND chunk committed';
          END IF;
          RETURN NEW;
        END $$`)
      await owner.query(`CREATE TRIGGER crash_between_land_chunks BEFORE UPDATE ON job_runs FOR EACH ROW EXECUTE FUNCTION crash_between_land_chunks()`)
    })
    try {
      await runner?.stop()
      runner = startInProcessRunner({ functions: [runImport], retryBaseMs: 10, pollIntervalMs: 50, leaseMs: 300 })
      await runner.drain({ timeoutMs: 60_000 })
    } finally {
      await asOwner((owner) => owner.query('DROP TRIGGER crash_between_land_chunks ON job_runs'))
    }
    expect(await asOwner(async (owner) => (await owner.query(`SELECT last_value FROM crash_between_land_chunks`)).rows[0].last_value)).toBe('2')

    const done = await prisma.importFile.findUniqueOrThrow({ where: { id: importFile.id } })
    // 160 generated rows and the ragged one, numbered densely; the blank line is skipped, not a row.
    expect(done).toMatchObject({ status: "completed", stage: "done", rowCount: 161, error: null })
    const landed = await prisma.$queryRaw<{ n: bigint; max: number; errors: bigint }[]>`
      SELECT count(*) AS n, max(row_no) AS max, count(*) FILTER (WHERE error IS NOT NULL) AS errors FROM file_rows WHERE import_file_id = ${importFile.id}::uuid`
    expect(landed[0]).toEqual({ n: 161n, max: 161, errors: 1n })
    expect(done.counts).toMatchObject({ rows: 161 })
    expect((done.progress as { land: { done: number; blankLines: number } }).land).toMatchObject({ done: 161, blankLines: 1 })
    // Every landed row is either merged or kept as a row error.
    const rowErrors = await prisma.importRowError.count({ where: { importFileId: importFile.id } })
    expect(rowErrors).toBeGreaterThanOrEqual(1)

    expect(await graphSnapshot(org.id)).toEqual(await referenceGraph(importFile.sha256))
  })

  it('hands over to a fresh run every few chunk steps (Inngest caps the steps of a run) and ends with the same graph', async () => {
    landChunkRows.value = 30
    importChunkRows.value = 25
    chunkStepsPerRun.value = 2
    const { org, importFile } = await storedImport()
    runner = startInProcessRunner({ functions: [runImport], retryBaseMs: 10, pollIntervalMs: 20 })
    await runner.drain({ timeoutMs: 60_000 })

    expect(await prisma.importFile.findUniqueOrThrow({ where: { id: importFile.id } })).toMatchObject({ status: 'completed', rowCount: 161 })
    const runs = await runsOfImport(importFile.id)
    // 6 LAND chunks and 7 extraction chunks, two per run.
    expect(runs.length).toBeGreaterThanOrEqual(6)
    expect(runs.map((run) => (run.output as { status: string }).status)).toEqual([...runs.slice(1).map(() => 'continued'), 'completed'])
    expect(await graphSnapshot(org.id)).toEqual(await referenceGraph(importFile.sha256))
  })

  it('fails when LAND keeps failing past its retries, and a resume goes on from the stored byte offset to a complete import', async () => {
    landChunkRows.value = 30
    const { org, importFile } = await storedImport()
    const user = await prisma.user.findFirstOrThrow({ where: { organizationId: org.id } })
    // The second and every later COPY fails: an outage longer than the retries.
    await asOwner(async (owner) => {
      await owner.query(`CREATE SEQUENCE land_outage`)
      await owner.query(`CREATE FUNCTION land_outage() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
        BEGIN IF nextval('land_outage') >= 2 THEN RAISE EXCEPTION 'injected outage'; END IF; RETURN NULL; END $$`)
      await owner.query(`CREATE TRIGGER land_outage AFTER INSERT ON file_rows FOR EACH STATEMENT EXECUTE FUNCTION land_outage()`)
    })
    try {
      runner = startInProcessRunner({ functions: [runImport], retryBaseMs: 10, pollIntervalMs: 50 })
      await runner.drain({ timeoutMs: 60_000 })
    } finally {
      await asOwner((owner) => owner.query('DROP TRIGGER land_outage ON file_rows'))
    }
    const failed = await prisma.importFile.findUniqueOrThrow({ where: { id: importFile.id } })
    expect(failed).toMatchObject({ status: 'failed', rowCount: null, landNextRowNo: 31, error: expect.stringContaining('injected outage') })

    await resumeImport({ organizationId: org.id, importFileId: importFile.id, actor: { type: 'user', userId: user.id, organizationId: org.id, label: user.email } })
    await runner.drain({ timeoutMs: 60_000 })
    const done = await prisma.importFile.findUniqueOrThrow({ where: { id: importFile.id } })
    expect(done).toMatchObject({ status: 'completed', rowCount: 161, error: null, counts: expect.objectContaining({ rows: 161 }) })
    const landed = await prisma.$queryRaw<{ n: bigint; max: number }[]>`SELECT count(*) AS n, max(row_no) AS max FROM file_rows WHERE import_file_id = ${importFile.id}::uuid`
    expect(landed[0]).toEqual({ n: 161n, max: 161 })
    // The run is listed as the organization's.
    expect((await runsOfImport(importFile.id)).every((run) => run.organizationId === org.id)).toBe(true)
  })
})
