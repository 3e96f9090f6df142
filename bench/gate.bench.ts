import pg from 'pg'
import type { GateDb, GateDecision } from '../app/modules/compliance/decide-sends.server.ts'
import { summarize } from './lib/stats.ts'
import { defineBenchmark } from './lib/types.ts'

const EVENTS = Number(process.env.BENCH_GATE_EVENTS ?? 1_000_000)
const HISTORY = Number(process.env.BENCH_GATE_HISTORY ?? 5_000_000)
const RECIPIENTS = Number(process.env.BENCH_GATE_RECIPIENTS ?? 100_000)
/** The baseline is one round trip per recipient: a sample gives its rate. */
const BASELINE_RECIPIENTS = Math.min(RECIPIENTS, Number(process.env.BENCH_GATE_BASELINE_RECIPIENTS ?? 10_000))
const RUNS = 5
const TARGETS = { decisionsPerSecond: 50_000, vsBaseline: 20 }
/** A Wednesday at 18:00 UTC (noon in Austin): quiet hours are computed for every recipient and hold for these numbers. */
const NOW = new Date('2026-11-25T18:00:00Z')

/** Number g of the bench: +1 512 2xx-xxxx, valid and distinct for g < 8M. */
const numberSql = (g: string) => `'+1512' || lpad((2000000 + ${g})::text, 7, '0')`
const numberOf = (g: number) => `+1512${String(2_000_000 + g).padStart(7, '0')}`

/**
 * 1M consent events over 500k numbers of the organization (opt-outs, some
 * followed by an opt-in, DNC listings, consent grants) plus platform-wide
 * litigator listings, written in statements of 100k as imports write them,
 * so consent_status is folded by its trigger as in production.
 */
async function seedConsent(owner: pg.Client, organizationId: string, log: (line: string) => void) {
  // Kinds and scopes drawn from a hash of g, so they do not line up with the numbers the recipients pick.
  const draw = (byte: number, modulo: number) => `(get_byte(decode(md5(g::text), 'hex'), ${byte}) % ${modulo})`
  const kinds = `(ARRAY['opt_out','opt_out','opt_out','opt_out','dnc_listed','dnc_listed','dnc_listed','consent_granted','consent_granted','opt_in'])[1 + ${draw(0, 10)}]::"ConsentKind"`
  const started = performance.now()
  for (let from = 0; from < EVENTS; from += 100_000) {
    const to = Math.min(EVENTS, from + 100_000)
    const platform = `${draw(1, 20)} = 0`
    await owner.query(
      `INSERT INTO consent_events (organization_id, scope, kind, e164, source, evidence, actor_type, actor_label)
       SELECT CASE WHEN ${platform} THEN NULL ELSE $1::uuid END,
              CASE WHEN ${platform} THEN 'platform' ELSE 'organization' END::"ConsentScope",
              CASE WHEN ${platform} THEN 'litigator_listed'::"ConsentKind" ELSE ${kinds} END,
              ${numberSql('(g::bigint * 7919) % 500000')}, 'bench', jsonb_build_object('g', g), 'system', 'bench'
         FROM generate_series($2::int, $3::int - 1) g`,
      [organizationId, from, to],
    )
  }
  await owner.query('ANALYZE consent_events, consent_status')
  const { rows } = await owner.query<{ n: string }>(`SELECT count(*)::text AS n FROM consent_status`)
  log(`seeded ${EVENTS.toLocaleString('en-US')} consent events (${Number(rows[0]!.n).toLocaleString('en-US')} numbers with a status) in ${((performance.now() - started) / 1000).toFixed(1)}s`)
}

/**
 * 5M from-to history rows: 2.5M numbers each texted for two verticals, the
 * last message between 0 and 199 days before the bench's instant, so the
 * cooldowns hold for some recipients and not for others.
 */
async function seedHistory(owner: pg.Client, organizationId: string, verticalIds: string[], log: (line: string) => void) {
  const started = performance.now()
  const perVertical = Math.ceil(HISTORY / verticalIds.length)
  for (const [v, verticalId] of verticalIds.entries()) {
    for (let from = 0; from < perVertical; from += 500_000) {
      const to = Math.min(perVertical, from + 500_000)
      await owner.query(
        `INSERT INTO from_to_history (organization_id, to_e164, vertical_id, from_e164, first_sent_at, last_sent_at, messages)
         SELECT $1::uuid, ${numberSql('g')}, $2::uuid, '+15125550100',
                $5::timestamptz - ((get_byte(decode(md5(g::text || '${v}'), 'hex'), 0) % 200) + 30) * interval '1 day',
                $5::timestamptz - (get_byte(decode(md5(g::text || '${v}'), 'hex'), 0) % 200) * interval '1 day', 1
           FROM generate_series($3::int, $4::int - 1) g`,
        [organizationId, verticalId, from, to, NOW],
      )
    }
  }
  // As autovacuum leaves a table that has settled: the visibility map set, so the cooldown read stays in the index.
  await owner.query('VACUUM ANALYZE from_to_history')
  log(`seeded ${HISTORY.toLocaleString('en-US')} from-to history rows in ${((performance.now() - started) / 1000).toFixed(1)}s`)
}

/** The obvious way: one indexed lookup per recipient from Node, then the same rules. */
async function lookupOneByOne(client: pg.Client, organizationId: string, numbers: string[]) {
  let blocked = 0
  for (const e164 of numbers) {
    const { rows } = await client.query<{ subject: string; revoked_event_id: string | null; restored_event_id: string | null; litigator_listed_event_id: string | null }>(
      `SELECT subject, revoked_event_id::text, restored_event_id::text, litigator_listed_event_id::text
         FROM consent_status WHERE subject IN ($1, 'platform') AND e164 = $2`,
      [organizationId, e164],
    )
    if (rows.some((r) => r.litigator_listed_event_id || (r.revoked_event_id && (!r.restored_event_id || BigInt(r.revoked_event_id) > BigInt(r.restored_event_id))))) blocked++
  }
  return blocked
}

export default defineBenchmark({
  name: 'gate',
  description: `The send gate (consent, national DNC from its cache, cooldown, quiet hours) deciding ${RECIPIENTS.toLocaleString('en-US')} recipients against ${EVENTS.toLocaleString('en-US')} consent events and ${HISTORY.toLocaleString('en-US')} from-to history rows, against one indexed lookup per recipient`,
  async run(ctx) {
    const app = await ctx.app()
    // Imported once the app has set DATABASE_URL: the module's pool reads it on import.
    const { decideSends } = await import('../app/modules/compliance/decide-sends.server.ts')
    const owner = new pg.Client({ connectionString: app.ownerDatabaseUrl })
    const client = new pg.Client({ connectionString: app.databaseUrl })
    for (const c of [owner, client]) c.on('error', (error) => ctx.log(`pg: ${error.message}`))
    await Promise.all([owner.connect(), client.connect()])
    try {
      // A production organization whose admin turned the marketing-consent policy off: most recipients
      // then pass consent and go on to the national DNC registry and quiet hours, the costlier path.
      const { rows } = await owner.query<{ id: string }>(
        `INSERT INTO organizations (id, name, slug, environment, marketing_requires_consent, updated_at)
         VALUES (gen_random_uuid(), 'Gate bench', 'gate-bench', 'prod', false, now()) RETURNING id`,
      )
      const organizationId = rows[0]!.id
      await seedConsent(owner, organizationId, ctx.log)
      const verticals = await owner.query<{ id: string }>(
        `INSERT INTO verticals (id, organization_id, key, name) VALUES (gen_random_uuid(), $1, 'seller', 'Sellers'), (gen_random_uuid(), $1, 'buyer', 'Buyers') RETURNING id`,
        [organizationId],
      )
      const verticalIds = verticals.rows.map((r) => r.id)
      await seedHistory(owner, organizationId, verticalIds, ctx.log)
      const verticalId = verticalIds[0]!

      // Every other recipient has a status (the seeded numbers are 0–499,999; these span 0–999,999 in steps of 10).
      const numbers = Array.from({ length: RECIPIENTS }, (_, i) => numberOf((i * 10) % 1_000_000))
      // A third of the leads have an address in Florida or Texas: more zones and states for quiet hours.
      const recipients = numbers.map((to, i) => ({ to, state: i % 6 === 0 ? 'FL' : i % 6 === 3 ? 'TX' : null }))
      // Where a batch's time goes: each query's round trip (the rest is Node: the rules, quiet hours, the result objects).
      const spent = new Map<string, number>()
      const label = (text: string) =>
        /consent_status/.test(text) ? 'standings' : /from_to_history/.test(text) ? 'history' : /dnc_checks/.test(text) ? 'dnc_cache' : /organizations/.test(text) ? 'policy' : 'other'
      const db: GateDb = {
        query: async (text, values) => {
          const started = performance.now()
          try {
            return await (client as unknown as GateDb).query(text, values)
          } finally {
            spent.set(label(text), (spent.get(label(text)) ?? 0) + performance.now() - started)
          }
        },
      }

      ctx.log(`deciding ${RECIPIENTS.toLocaleString('en-US')} recipients, ${RUNS} runs`)
      const subjectMs: number[] = []
      let decisions: GateDecision[] = []
      await decideSends({ organizationId, purpose: 'marketing', recipients, db, now: NOW, verticalId })
      // Once more, now that no transaction of the seeding can be running: a page written just before the first
      // VACUUM may not have been visible to every snapshot yet, and would be read from the heap.
      await owner.query('VACUUM from_to_history')
      spent.clear()
      for (let run = 0; run < RUNS; run++) {
        const started = performance.now()
        decisions = await decideSends({ organizationId, purpose: 'marketing', recipients, db, now: NOW, verticalId })
        subjectMs.push(performance.now() - started)
      }
      const perRun = Object.fromEntries([...spent].map(([k, ms]) => [`query_ms_${k}`, Math.round(ms / RUNS)]))
      ctx.log(`one lookup per recipient for ${BASELINE_RECIPIENTS.toLocaleString('en-US')} recipients, ${RUNS} runs`)
      const baselineMs: number[] = []
      const sample = numbers.slice(0, BASELINE_RECIPIENTS)
      await lookupOneByOne(client, organizationId, sample.slice(0, 1000))
      for (let run = 0; run < RUNS; run++) {
        const started = performance.now()
        await lookupOneByOne(client, organizationId, sample)
        baselineMs.push(performance.now() - started)
      }

      const byReason: Record<string, number> = {}
      for (const d of decisions) byReason[d.allowed ? 'allowed' : d.reason] = (byReason[d.allowed ? 'allowed' : d.reason] ?? 0) + 1
      const subject = summarize(`decideSends: ${RECIPIENTS.toLocaleString('en-US')} recipients in one batch`, subjectMs)
      const baseline = summarize(`one indexed lookup per recipient from Node: ${BASELINE_RECIPIENTS.toLocaleString('en-US')} recipients`, baselineMs)
      const subjectRate = Math.round(RECIPIENTS / (subject.p50 / 1000))
      const baselineRate = Math.round(BASELINE_RECIPIENTS / (baseline.p50 / 1000))
      const ratio = Math.round((subjectRate / baselineRate) * 10) / 10
      return {
        unit: 'ms',
        subject,
        baseline,
        details: {
          consent_events: EVENTS,
          from_to_history_rows: HISTORY,
          recipients: RECIPIENTS,
          baseline_recipients: BASELINE_RECIPIENTS,
          decisions_per_s: subjectRate,
          baseline_decisions_per_s: baselineRate,
          ratio_vs_baseline: ratio,
          ...perRun,
          node_ms: Math.round(subjectMs.reduce((a, b) => a + b, 0) / RUNS - Object.values(perRun).reduce((a, b) => a + b, 0)),
          target_decisions_per_s_min: TARGETS.decisionsPerSecond,
          target_ratio_vs_baseline_min: TARGETS.vsBaseline,
          meets_decisions_per_s: subjectRate >= TARGETS.decisionsPerSecond,
          meets_ratio_vs_baseline: ratio >= TARGETS.vsBaseline,
          decisions_by_reason: JSON.stringify(byReason),
          rules: 'consent (litigator, opt-out, DNC list, marketing consent policy), the national DNC registry (answers cached in dnc_checks: the warm-up run asked the simulated registry), the retext cooldown (5M from-to history rows) and quiet hours (the frequency cap and the per-number holds are queueSends\' own queries, after the gate)',
        },
      }
    } finally {
      await Promise.all([owner.end(), client.end()])
    }
  },
})
