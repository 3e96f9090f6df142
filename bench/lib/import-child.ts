/**
 * The process that does the import, started by bench/import.bench.ts so its
 * peak memory is its own (`process.resourceUsage().maxRSS` at exit) and not
 * the harness's. Runs from source with tsx against the bench database (the
 * environment the parent passes: DATABASE_URL, DATA_DIR, …). Two modes:
 *
 * - `pipeline`: creates the import with `createImport` (the module the UI and
 *   the API call), which sends `import/requested`, and lets the in-process
 *   runner execute `inngest/functions/ingest/run-import.ts` with the options
 *   `npm start` uses, until it is drained. LAND → RECORD, the production path.
 * - `naive`: the baseline. The same parser and resolvers, then one Prisma
 *   upsert per entity per row: property, identity, phone, identity_phone, lead.
 *
 * Prints one JSON line on stdout and exits.
 */
import { createReadStream } from 'node:fs'
import Papa from 'papaparse'

type Config = {
  mode: 'pipeline' | 'naive'
  /** Relative to the upload store root. */
  storageKey: string
  filePath: string
  byteSize: number
  sha256: string
  rows: number
  slug: string
}

const config = JSON.parse(process.argv[2]!) as Config
const log = (line: string) => process.stderr.write(`[import-child] ${line}\n`)

const { prisma, disconnectDb } = await import('../../app/utils/db.server.ts')
const { systemActor } = await import('../../app/modules/audit/actor.ts')

const organization = await prisma.organization.create({ data: { name: `Bench ${config.slug}`, slug: config.slug } })
await prisma.vertical.create({ data: { organizationId: organization.id, key: 'seller', name: 'Home sellers' } })
const actor = systemActor('bench:import', { organizationId: organization.id })

async function runPipeline() {
  const { createImport } = await import('../../app/modules/ingest/create-import.server.ts')
  const { startInProcessRunner } = await import('../../app/utils/jobs/in-process-runner.server.ts')
  const { functions } = await import('../../inngest/index.ts')

  const started = performance.now()
  const importFile = await createImport({
    organizationId: organization.id,
    actor,
    source: { storage: 'local', storageKey: config.storageKey, filename: 'bench-property.csv', byteSize: config.byteSize, sha256: config.sha256 },
    class: 'universe',
    verticalKey: 'seller',
  })
  // As `npm start` runs it (app/utils/runtime.server.ts: startBackgroundJobs).
  const runner = startInProcessRunner({ functions })
  await runner.drain({ timeoutMs: 60 * 60_000 })
  const elapsedMs = performance.now() - started
  await runner.stop()

  const done = await prisma.importFile.findUniqueOrThrow({ where: { id: importFile.id } })
  const [graph] = await prisma.$queryRaw<{ leads: number; identities: number; properties: number; identity_phones: number; row_errors: number; rows_with_errors: number; landed: number }[]>`
    SELECT (SELECT count(*)::int FROM leads WHERE organization_id = ${organization.id}::uuid) AS leads,
           (SELECT count(*)::int FROM identities WHERE organization_id = ${organization.id}::uuid) AS identities,
           (SELECT count(*)::int FROM properties WHERE organization_id = ${organization.id}::uuid) AS properties,
           (SELECT count(*)::int FROM identity_phones ip JOIN identities i ON i.id = ip.identity_id WHERE i.organization_id = ${organization.id}::uuid) AS identity_phones,
           (SELECT count(*)::int FROM import_row_errors WHERE import_file_id = ${importFile.id}::uuid) AS row_errors,
           (SELECT count(DISTINCT row_no)::int FROM import_row_errors WHERE import_file_id = ${importFile.id}::uuid) AS rows_with_errors,
           (SELECT count(*)::int FROM file_rows WHERE import_file_id = ${importFile.id}::uuid) AS landed`
  // The runner's own record of the run: time per step kind, and retries (none expected).
  const steps = await prisma.jobRunStep.findMany({
    where: { jobRun: { functionId: 'ingest-run-import' } },
    select: { name: true, attempts: true, durationMs: true, error: true },
  })
  const stepMs: Record<string, number> = {}
  for (const step of steps) {
    const kind = step.name.replace(/-\d+$/, '')
    stepMs[kind] = (stepMs[kind] ?? 0) + (step.durationMs ?? 0)
  }
  const retried = steps.filter((s) => s.attempts > 1).map((s) => `${s.name}×${s.attempts}: ${JSON.stringify(s.error).slice(0, 200)}`)
  return {
    importFileId: importFile.id,
    stepMs,
    retried,
    status: done.status,
    error: done.error,
    rowCount: done.rowCount,
    elapsedMs,
    progress: done.progress,
    counts: done.counts,
    graph,
  }
}

/** The first `rows` data rows of the file as arrays of cells. */
async function readSample(rows: number): Promise<{ header: string[]; rows: string[][] }> {
  const all: string[][] = []
  await new Promise<void>((resolve, reject) => {
    const stream = createReadStream(config.filePath)
    Papa.parse<string[]>(stream as unknown as File, {
      step: (result, parser) => {
        all.push(result.data)
        if (all.length > rows) {
          parser.abort()
          stream.destroy()
        }
      },
      complete: () => resolve(),
      error: (error: Error) => reject(error),
    })
  })
  return { header: all[0]!, rows: all.slice(1, rows + 1) }
}

async function runNaive() {
  const { chooseParser } = await import('../../app/modules/ingest/choose-parser.ts')
  const { findParser } = await import('../../app/modules/ingest/parsers/registry.ts')
  const { resolveRecord } = await import('../../app/modules/ingest/resolve/resolve-record.ts')
  const vertical = await prisma.vertical.findFirstOrThrow({ where: { organizationId: organization.id } })
  const sample = await readSample(config.rows)
  const choice = chooseParser({ header: sample.header })
  const parser = findParser(choice.key, choice.version)!
  const source = `bench-naive:${parser.key}@${parser.version}`

  const started = performance.now()
  let merged = 0
  let rowErrors = 0
  for (const [index, cells] of sample.rows.entries()) {
    const rowNo = index + 1
    const resolved = resolveRecord(parser.parse(cells, sample.header, null), { needsPerson: true })
    rowErrors += resolved.errors.length
    if (!resolved.property || resolved.persons.length === 0) continue
    const a = resolved.property
    const property = await prisma.property.upsert({
      where: { organizationId_propertyHash: { organizationId: organization.id, propertyHash: a.hash } },
      create: { organizationId: organization.id, propertyHash: a.hash, line1: a.line1, city: a.city, state: a.state, postalCode: a.zip5 },
      update: {},
      select: { id: true },
    })
    for (const person of resolved.persons) {
      const identity = await prisma.identity.upsert({
        where: { organizationId_identityHash: { organizationId: organization.id, identityHash: person.identityHash } },
        create: {
          organizationId: organization.id,
          identityHash: person.identityHash,
          firstName: person.name.first,
          lastName: person.name.last,
          fullName: person.name.full,
        },
        update: { fullName: person.name.full },
        select: { id: true },
      })
      for (const contact of resolved.contacts) {
        if (contact.kind !== 'phone' || contact.ord !== person.ord) continue
        const phone = await prisma.phoneNumber.upsert({ where: { e164: contact.value }, create: { e164: contact.value }, update: {}, select: { id: true } })
        await prisma.identityPhone.upsert({
          where: { identityId_phoneId: { identityId: identity.id, phoneId: phone.id } },
          create: { identityId: identity.id, phoneId: phone.id, position: contact.position, source, sourceColumn: contact.column, rowNo },
          update: { lastSeenAt: new Date() },
        })
      }
      await prisma.lead.upsert({
        where: { identityId_verticalId_propertyId: { identityId: identity.id, verticalId: vertical.id, propertyId: property.id } },
        create: { organizationId: organization.id, identityId: identity.id, verticalId: vertical.id, propertyId: property.id, rowNo },
        update: {},
      })
    }
    merged++
    if (rowNo % 5000 === 0) log(`naive: ${rowNo} rows`)
  }
  const elapsedMs = performance.now() - started
  const leads = await prisma.lead.count({ where: { organizationId: organization.id } })
  return { rows: sample.rows.length, merged, rowErrors, leads, elapsedMs }
}

try {
  const result = config.mode === 'pipeline' ? await runPipeline() : await runNaive()
  await disconnectDb()
  const usage = process.resourceUsage()
  process.stdout.write(`${JSON.stringify({ ...result, maxRssMb: Math.round(usage.maxRSS / 1024), cpuUserS: usage.userCPUTime / 1e6, cpuSystemS: usage.systemCPUTime / 1e6 })}\n`)
  process.exit(0)
} catch (error) {
  log(`FAILED: ${(error as Error).stack ?? String(error)}`)
  process.exit(1)
}
