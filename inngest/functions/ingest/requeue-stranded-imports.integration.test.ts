import { InngestTestEngine } from '@inngest/test'
import { afterEach, describe, expect, it } from 'vitest'
import { STRANDED_IMPORT_AFTER_MS } from '~/modules/ingest/find-stranded-imports.server'
import { prisma } from '~/utils/db.server'
import { createOrganization } from '../../../tests/support/factories'
import { GENERATED_HEADER, generatePropertyRows } from '../../../tests/support/generated-rows'
import { createLandedImport, createVertical } from '../../../tests/support/landed-import'
import { startInProcessRunner, type InProcessRunner } from '~/utils/jobs/in-process-runner.server'
import { functions } from '../../index'
import { requeueStrandedImports } from './requeue-stranded-imports'

let runner: InProcessRunner | undefined
afterEach(async () => {
  await runner?.stop()
  runner = undefined
})

/** A landed import left `queued` `ageMs` ago with no run (as after a crash between the commit and the event). */
async function queuedImport(ageMs: number, status: 'queued' | 'running' | 'completed' = 'queued') {
  const org = await createOrganization()
  const vertical = await createVertical(org.id)
  const file = await createLandedImport({ organizationId: org.id, header: GENERATED_HEADER, rows: generatePropertyRows(20, 3), verticalId: vertical.id })
  // updated_at is what the sweep reads; set it after everything else touched the row.
  await prisma.$executeRaw`UPDATE import_files SET status = ${status}::"ImportStatus", updated_at = now() - make_interval(secs => ${ageMs / 1000}) WHERE id = ${file.id}::uuid`
  return file
}

describe('ingest-requeue-stranded-imports', () => {
  it('resends the run request of imports queued too long, and only of those (@inngest/test)', async () => {
    const fresh = await queuedImport(60_000)
    const stranded = await queuedImport(STRANDED_IMPORT_AFTER_MS + 60_000)
    const running = await queuedImport(STRANDED_IMPORT_AFTER_MS + 60_000, 'running')
    const done = await queuedImport(STRANDED_IMPORT_AFTER_MS + 60_000, 'completed')

    const engine = new InngestTestEngine({ function: requeueStrandedImports })
    const { result, ctx } = await engine.execute({ events: [{ name: 'inngest/scheduled.timer', data: { cron: '*/10 * * * *' } }] })

    expect(result).toEqual({ requeued: 1 })
    const [, events] = (ctx.step.sendEvent as unknown as { mock: { calls: [string, { name: string; id: string; data: Record<string, unknown> }[]][] } }).mock.calls[0]!
    expect(events).toEqual([
      expect.objectContaining({ name: 'import/requested', data: { importFileId: stranded.id, organizationId: stranded.organizationId, reason: 'requeued' } }),
    ])
    expect(events[0]!.id).toMatch(new RegExp(`^import-requested-${stranded.id}-requeued-\\d+$`))
    for (const other of [fresh, running, done]) expect(JSON.stringify(events)).not.toContain(other.id)
  })

  it('gets a stranded import imported by the in-process runner', async () => {
    const stranded = await queuedImport(STRANDED_IMPORT_AFTER_MS + 60_000)
    await prisma.jobRun.deleteMany({ where: { functionId: 'ingest-run-import' } })
    const engine = new InngestTestEngine({ function: requeueStrandedImports })
    const { ctx } = await engine.execute({ events: [{ name: 'inngest/scheduled.timer', data: { cron: '*/10 * * * *' } }] })
    expect(ctx.step.sendEvent).toHaveBeenCalled()
    // @inngest/test sends step.sendEvent's events for real: the runner takes it from there.
    runner = startInProcessRunner({ functions, pollIntervalMs: 20, retryBaseMs: 10 })
    await runner.drain({ timeoutMs: 60_000 })
    expect(await prisma.importFile.findUniqueOrThrow({ where: { id: stranded.id } })).toMatchObject({ status: 'completed' })
  })

  it('is served and scheduled every ten minutes', () => {
    expect(functions).toContain(requeueStrandedImports)
    expect(requeueStrandedImports.opts.triggers).toEqual([{ cron: '*/10 * * * *' }])
  })
})
