import pg from 'pg'
import { seedLeadUniverse } from './lib/lead-universe.ts'
import { summarize } from './lib/stats.ts'
import { defineBenchmark } from './lib/types.ts'

const LEADS = Number(process.env.BENCH_DRY_RUN_LEADS ?? 100_000)
const RUNS = 3
const TARGET_MS = 10_000
/** Recipients the naive per-lead loop decides to measure its rate. */
const NAIVE_SAMPLE = Number(process.env.BENCH_DRY_RUN_NAIVE_SAMPLE ?? 300)

/**
 * A campaign's pre-launch dry run (issue 12, item 9): who of 100k leads a
 * marketing send would reach and who it would block, by reason, with 10% of
 * the numbers opted out and half of them cleared by the registry within 31
 * days — against deciding the same leads one at a time.
 */
export default defineBenchmark({
  name: 'dry-run',
  description: `dryRunAudience over ${LEADS.toLocaleString('en-US')} leads (the gate, duplicates, the frequency cap, conversation holds; read only) against deciding one lead at a time`,
  async run(ctx) {
    const app = await ctx.app()
    const organizationId = app.demo.organizationId
    const { dryRunAudience } = await import('../app/modules/leads/dry-run-audience.server.ts')
    const { decideRecipients } = await import('../app/modules/messaging/decide-recipients.server.ts')
    const owner = new pg.Client({ connectionString: app.ownerDatabaseUrl })
    owner.on('error', (error) => ctx.log(`pg: ${error.message}`))
    await owner.connect()
    try {
      await seedLeadUniverse(owner, organizationId, LEADS, ctx.log)
      const phones = `SELECT n.e164, row_number() OVER () AS k FROM leads l JOIN identity_phones ip ON ip.identity_id = l.identity_id JOIN phone_numbers n ON n.id = ip.phone_id WHERE l.organization_id = $1`
      await owner.query(
        `INSERT INTO consent_events (organization_id, scope, kind, e164, source, evidence, actor_type, actor_label)
         SELECT $1, 'organization', 'opt_out', e164, 'bench', '{}', 'system', 'bench' FROM (${phones}) x WHERE k % 10 = 0`,
        [organizationId],
      )
      await owner.query(`INSERT INTO dnc_checks (e164, listed, provider, checked_at) SELECT e164, false, 'bench', now() FROM (${phones}) x WHERE k % 2 = 0 ON CONFLICT DO NOTHING`, [organizationId])
      await owner.query('ANALYZE consent_status, dnc_checks')
      // 19:00 UTC: inside every US window, so quiet hours hold nobody, and every lead is decided on every rule
      // (numbers the registry has yet to clear too: the dry run takes them as not listed, and counts them apart).
      const at = new Date()
      at.setUTCHours(19, 0, 0, 0)

      const filter = {}
      await dryRunAudience({ organizationId, filter, at })
      const subjectMs: number[] = []
      let result: Awaited<ReturnType<typeof dryRunAudience>> | null = null
      for (let run = 0; run < RUNS; run++) {
        const started = performance.now()
        result = await dryRunAudience({ organizationId, filter, at })
        subjectMs.push(performance.now() - started)
      }

      // The counts must be the seeded ones, or the time means nothing: every lead; a fifth with only a landline, so
      // nothing to text; of the rest, 10% opted out and half not yet cleared by the registry.
      const optedOut = result!.blocked.find((b) => b.reason === 'opted_out')?.count ?? 0
      const noPhone = result!.blocked.find((b) => b.reason === 'no_phone')?.count ?? 0
      const textable = result!.audience - noPhone
      if (
        result!.audience < LEADS ||
        Math.abs(noPhone / LEADS - 0.2) > 0.02 ||
        Math.abs(optedOut / textable - 0.1) > 0.01 ||
        Math.abs(result!.registryCheckAtLaunch / textable - 0.5) > 0.02
      ) {
        throw new Error(`dry run counts are off: ${JSON.stringify(result)}`)
      }

      const sample = await owner.query<{ id: string; vertical_id: string; state: string; e164: string }>(
        `SELECT l.id, l.vertical_id, p.state, n.e164 FROM leads l JOIN properties p ON p.id = l.property_id
           JOIN identity_phones ip ON ip.identity_id = l.identity_id JOIN phone_numbers n ON n.id = ip.phone_id
          WHERE l.organization_id = $1 LIMIT $2`,
        [organizationId, NAIVE_SAMPLE],
      )
      const never = { name: 'none', batchSize: 1, lookup: async () => { throw new Error('not asked') } }
      const started = performance.now()
      for (const r of sample.rows) {
        await decideRecipients({ organizationId, purpose: 'marketing', recipients: [{ leadId: r.id, to: r.e164, state: r.state, verticalId: r.vertical_id }], now: at, dncProvider: never })
      }
      const naiveMsPerLead = (performance.now() - started) / sample.rows.length
      const subject = summarize(`dryRunAudience over ${LEADS.toLocaleString('en-US')} leads`, subjectMs)
      const baselineMs = naiveMsPerLead * LEADS
      return {
        unit: 'ms',
        subject,
        baseline: summarize(`one lead at a time (decideRecipients per lead, ${naiveMsPerLead.toFixed(2)} ms each on ${sample.rows.length}), for ${LEADS.toLocaleString('en-US')}`, [baselineMs]),
        details: {
          leads: LEADS,
          audience: result!.audience,
          allowed: result!.allowed,
          registry_check_at_launch: result!.registryCheckAtLaunch,
          blocked: JSON.stringify(Object.fromEntries(result!.blocked.map((b) => [b.reason, b.count]))),
          naive_ms_per_lead: Math.round(naiveMsPerLead * 1000) / 1000,
          naive_vs_subject_p50: Math.round((baselineMs / subject.p50) * 10) / 10,
          target_ms: TARGET_MS,
          meets_target: subject.p95 < TARGET_MS,
        },
      }
    } finally {
      await owner.end()
    }
  },
})
