import pg from 'pg'
import { seedLeadUniverse } from './lib/lead-universe.ts'
import { summarize } from './lib/stats.ts'
import { defineBenchmark } from './lib/types.ts'

const LEADS = Number(process.env.BENCH_CAMPAIGN_LEADS ?? 100_000)
const RUNS = Number(process.env.BENCH_CAMPAIGN_RUNS ?? 3)
const TARGET_MS = 10_000
/** Leads the naive per-lead loop queues to measure its rate. */
const NAIVE_SAMPLE = Number(process.env.BENCH_CAMPAIGN_NAIVE_SAMPLE ?? 500)
/** Sender numbers at the schema's default daily cap (250), in accounts at their default cap (10,000): 400 × 250 = 100k a day. */
const SENDERS = Number(process.env.BENCH_CAMPAIGN_SENDERS ?? 400)
const SENDER_CAP = 250
const ACCOUNT_CAP = 10_000

/** One area code per city of the lead universe, in its state: the numbers an operator in these markets would rent. */
const AREA_CODES: [string, string][] = [['512', 'TX'], ['713', 'TX'], ['214', 'TX'], ['210', 'TX'], ['737', 'TX'], ['305', 'FL'], ['813', 'FL'], ['407', 'FL'], ['404', 'GA'], ['912', 'GA'], ['602', 'AZ'], ['520', 'AZ'], ['704', 'NC'], ['919', 'NC'], ['614', 'OH'], ['216', 'OH'], ['615', 'TN'], ['901', 'TN'], ['559', 'CA'], ['916', 'CA']]
const ALWAYS = { days: [0, 1, 2, 3, 4, 5, 6], windowStart: '00:00', windowEnd: '23:59', timeZone: 'UTC' }
const BODY = '{Hi|Hello} {first_name|there}, {sender_name} with {company_name} here. Selling {property_address}? Reply STOP to opt out.'

/**
 * A campaign launch (issue 12): `launchCampaign` snapshots an audience of
 * 100k leads, then `queueCampaignChunk` decides and queues it 50k at a time
 * until done — the gate, the frequency cap and holds, a sender by area code
 * from 400 numbers, the rendered variant, a slot — against the same work
 * done one lead at a time.
 */
export default defineBenchmark({
  name: 'campaign-launch',
  description: `launchCampaign + queueCampaignChunk until done over ${LEADS.toLocaleString('en-US')} leads and ${SENDERS} sender numbers, against queueing one lead at a time`,
  async run(ctx) {
    const app = await ctx.app()
    const organizationId = app.demo.organizationId
    const { systemActor } = await import('../app/modules/audit/actor.ts')
    const { saveLeadFilter } = await import('../app/modules/leads/saved-lead-filters.server.ts')
    const { leadFilter } = await import('../app/modules/leads/lead-filter.ts')
    const { createTemplate } = await import('../app/modules/templates/save-template.server.ts')
    const { campaignInput } = await import('../app/modules/campaigns/campaign-input.ts')
    const { createCampaign } = await import('../app/modules/campaigns/save-campaign.server.ts')
    const { launchCampaign } = await import('../app/modules/campaigns/launch-campaign.server.ts')
    const { queueCampaignChunk } = await import('../app/modules/campaigns/queue-campaign-chunk.server.ts')
    const { campaignMessage } = await import('../app/modules/campaigns/campaign-message.ts')
    const { campaignMergeValues, LEAD_MERGE_COLUMNS } = await import('../app/modules/campaigns/campaign-merge-values.ts')
    const { decideRecipients } = await import('../app/modules/messaging/decide-recipients.server.ts')
    const { chooseSenders } = await import('../app/modules/messaging/choose-senders.ts')
    const { senderCandidates, stickySenders } = await import('../app/modules/messaging/queue-sends.server.ts')
    const { leadSendPhoneSql } = await import('../app/modules/messaging/lead-send-phone-sql.ts')
    const { areaCodeGeography } = await import('../app/modules/compliance/area-code-geography.server.ts')
    const { usStateCode } = await import('../app/modules/compliance/us-state-zones.ts')

    const owner = new pg.Client({ connectionString: app.ownerDatabaseUrl })
    owner.on('error', (error) => ctx.log(`pg: ${error.message}`))
    await owner.connect()
    try {
      await seedLeadUniverse(owner, organizationId, LEADS, ctx.log)
      // As the dry-run bench: 10% of the numbers opted out; unlike it, every number cleared by the registry
      // within 31 days, so the gate reads dnc_checks and never asks the provider (checked below).
      const phones = `SELECT n.e164, row_number() OVER () AS k FROM leads l JOIN identity_phones ip ON ip.identity_id = l.identity_id JOIN phone_numbers n ON n.id = ip.phone_id WHERE l.organization_id = $1`
      await owner.query(
        `INSERT INTO consent_events (organization_id, scope, kind, e164, source, evidence, actor_type, actor_label)
         SELECT $1, 'organization', 'opt_out', e164, 'bench', '{}', 'system', 'bench' FROM (${phones}) x WHERE k % 10 = 0`,
        [organizationId],
      )
      await owner.query(`INSERT INTO dnc_checks (e164, listed, provider, checked_at) SELECT e164, false, 'bench', now() FROM (${phones}) x ON CONFLICT DO NOTHING`, [organizationId])

      // Sender capacity: SENDERS numbers over the universe's 20 area codes, in accounts of 40, of the carrier
      // the organization's environment sends through (the demo is a sandbox: the simulated one).
      const { rows: [org] } = await owner.query<{ environment: string }>(`SELECT environment FROM organizations WHERE id = $1`, [organizationId])
      const kind = org!.environment === 'prod' ? 'twilio' : 'simulated'
      const accountCount = Math.ceil(SENDERS / 40)
      const { rows: accounts } = await owner.query<{ id: string }>(
        `INSERT INTO carrier_accounts (id, organization_id, kind, name, mps, daily_cap, updated_at)
         SELECT gen_random_uuid(), $1, $2::"CarrierKind", 'Bench account ' || g, 50, $3, now() FROM generate_series(1, $4::int) g RETURNING id`,
        [organizationId, kind, ACCOUNT_CAP, accountCount],
      )
      await owner.query(
        `INSERT INTO sender_numbers (id, organization_id, carrier_account_id, e164, area_code, state, mps, daily_cap, updated_at)
         SELECT gen_random_uuid(), $1, ($2::uuid[])[1 + g % $3::int], '+1' || (ARRAY[${AREA_CODES.map(([a]) => `'${a}'`).join(',')}])[1 + g % ${AREA_CODES.length}] || '9' || lpad(g::text, 6, '0'),
                (ARRAY[${AREA_CODES.map(([a]) => `'${a}'`).join(',')}])[1 + g % ${AREA_CODES.length}], (ARRAY[${AREA_CODES.map(([, s]) => `'${s}'`).join(',')}])[1 + g % ${AREA_CODES.length}],
                1, $4, now()
           FROM generate_series(0, $5::int - 1) g`,
        [organizationId, accounts.map((a) => a.id), accounts.length, SENDER_CAP, SENDERS],
      )
      await owner.query('ANALYZE consent_status, dnc_checks, carrier_accounts, sender_numbers')

      // 19:00 UTC, as the dry-run bench: inside every US window (quiet hours are not checked at queueing anyway).
      const at = new Date()
      at.setUTCHours(19, 0, 0, 0)
      const actor = systemActor('bench', { organizationId })
      const { rows: [vertical] } = await owner.query<{ id: string }>(`SELECT id FROM verticals WHERE organization_id = $1 ORDER BY created_at LIMIT 1`, [organizationId])
      // "Every lead of the vertical": the universe, and the demo organization's own leads.
      const filter = await saveLeadFilter({ organizationId, actor, name: 'Bench: the whole vertical', filter: leadFilter.parse({ verticalId: vertical!.id }) })
      const template = await createTemplate({ organizationId, actor, input: { name: 'Bench intro', body: BODY, firstContact: true } })
      const newCampaign = (name: string, savedFilterId = filter.id) =>
        createCampaign({
          organizationId,
          actor,
          input: campaignInput.parse({ name, savedFilterId, templateIds: [template.id], senderName: 'Sam', throttlePerMinute: 6000, ...ALWAYS }),
        })
      /** Registry answers not seeded here: an answer the provider gave overwrites the seeded row. */
      const dncChecks = async () => Number((await owner.query<{ n: string }>(`SELECT count(*) AS n FROM dnc_checks WHERE provider <> 'bench'`)).rows[0]!.n)
      const dncBefore = await dncChecks()

      // ---- Baseline first (its rows are deleted before the subject runs): the naive per-lead loop on a sample.
      const { rows: sample } = await owner.query<{ lead_id: string; vertical_id: string; e164: string | null; first_name: string | null; last_name: string | null; full_name: string | null; line1: string | null; city: string | null; state: string | null; postal_code: string | null }>(
        `SELECT l.id AS lead_id, l.vertical_id, ${LEAD_MERGE_COLUMNS}, ${leadSendPhoneSql('l.identity_id')} AS e164
           FROM leads l JOIN identities i ON i.id = l.identity_id JOIN properties pr ON pr.id = l.property_id
          WHERE l.organization_id = $1 ORDER BY l.created_at DESC, l.id DESC LIMIT $2`,
        [organizationId, NAIVE_SAMPLE],
      )
      const naive = new pg.Client({ connectionString: app.databaseUrl })
      await naive.connect()
      const naiveCounts = { queued: 0, blocked: 0, rows: 0 }
      let naiveMs: number
      try {
        const never = { name: 'none', batchSize: 1, lookup: async () => { throw new Error('the registry was asked') } }
        const templates = [{ id: template.id, body: BODY }]
        const started = performance.now()
        // The sender pool's capacity once, kept up to date as each lead takes one (generous to the loop).
        const available = await senderCandidates(organizationId, at)
        const candidates = available.candidates.map((c) => ({ ...c }))
        const accountRemaining = new Map(available.accountRemaining)
        for (const [k, r] of sample.entries()) {
          const state = r.state ? usStateCode(r.state) : null
          const [decision] = await decideRecipients({ organizationId, purpose: 'marketing', recipients: [{ leadId: r.lead_id, to: r.e164, state, verticalId: r.vertical_id }], now: at, quietHours: false, dncProvider: never })
          const message = campaignMessage(templates, k + 1, campaignMergeValues(r, { senderName: 'Sam', organizationName: app.demo.organization }))
          if (!decision) {
            naiveCounts.blocked++
            continue
          }
          let choice = null
          if (decision.allowed && message.missing.length === 0) {
            const sticky = await stickySenders(organizationId, [decision.to])
            choice = chooseSenders([{ to: decision.to, areaCode: decision.to.slice(2, 5), state, zone: areaCodeGeography(decision.to)?.zones[0] ?? null, stickyFrom: sticky.get(decision.to) ?? null }], candidates, accountRemaining)[0] ?? null
            if (choice) {
              const c = candidates.find((x) => x.id === choice!.senderId)!
              c.remaining--
              accountRemaining.set(c.accountId, accountRemaining.get(c.accountId)! - 1)
            }
          }
          const reason = !decision.allowed ? decision.reason : message.missing.length ? 'missing_merge_field' : !choice ? 'no_sender' : null
          await naive.query(
            `INSERT INTO send_queue (id, organization_id, idempotency_key, purpose, lead_id, vertical_id, to_e164, recipient_state, from_e164, sender_number_id, body, status, block_reason, decision, not_before, updated_at)
             VALUES (gen_random_uuid(), $1, 'bench-naive:' || $2, 'marketing', $2::uuid, $3, $4, $5, $6, $7, $8, $9::"SendQueueStatus", $10, $11::jsonb, $12, now())`,
            [organizationId, r.lead_id, r.vertical_id, decision.to, state, choice?.from ?? null, choice?.senderId ?? null, message.text, reason ? 'blocked' : 'pending', reason,
             JSON.stringify({ allowed: !reason, ...(reason ? { reason } : {}), ...(choice ? { sender: choice.match } : {}), template: { id: message.templateId, variant: message.variant }, checkedAt: at.toISOString() }), at],
          )
          naiveCounts.rows++
          if (reason) naiveCounts.blocked++
          else naiveCounts.queued++
        }
        naiveMs = performance.now() - started
      } finally {
        await naive.end()
      }
      await owner.query(`DELETE FROM send_queue WHERE idempotency_key LIKE 'bench-naive:%'`)
      await owner.query('VACUUM ANALYZE send_queue')
      const naiveMsPerLead = naiveMs / sample.length
      ctx.log(`naive loop: ${sample.length} leads in ${(naiveMs / 1000).toFixed(2)}s (${naiveMsPerLead.toFixed(2)} ms each; ${naiveCounts.queued} queued, ${naiveCounts.blocked} blocked)`)

      // ---- Warm-up: a launch of an empty audience loads the launch's and the job runner's modules.
      const nobody = await saveLeadFilter({ organizationId, actor, name: 'Bench: nobody', filter: leadFilter.parse({ tag: 'bench-nobody' }) })
      const warm = await newCampaign('Bench warm-up', nobody.id)
      await launchCampaign({ organizationId, actor, campaignId: warm.id, now: at })
      await queueCampaignChunk({ campaignId: warm.id, now: at })

      // ---- Subject: launch → queued, RUNS times; each run's rows are deleted before the next.
      const subjectMs: number[] = []
      const runs: { launchMs: number; chunkMs: number[]; queued: number; blocked: number; audience: number; batchId: string; campaignId: string }[] = []
      for (let run = 0; run < RUNS; run++) {
        const draft = await newCampaign(`Bench launch ${run + 1}`)
        const started = performance.now()
        const launched = await launchCampaign({ organizationId, actor, campaignId: draft.id, now: at })
        const launchMs = performance.now() - started
        const chunkMs: number[] = []
        let queued = 0
        let blocked = 0
        for (;;) {
          const chunkStarted = performance.now()
          const chunk = await queueCampaignChunk({ campaignId: draft.id, now: at })
          chunkMs.push(performance.now() - chunkStarted)
          queued += chunk.queued
          blocked += chunk.blocked
          if (chunk.done) break
        }
        const ms = performance.now() - started
        subjectMs.push(ms)
        runs.push({ launchMs, chunkMs, queued, blocked, audience: launched.counts.audience, batchId: launched.batchId!, campaignId: draft.id })
        ctx.log(`run ${run + 1}: ${(ms / 1000).toFixed(2)}s (launch ${(launchMs / 1000).toFixed(2)}s, chunks ${chunkMs.map((c) => (c / 1000).toFixed(2)).join(' + ')}s); audience ${launched.counts.audience}, ${queued} queued, ${blocked} blocked`)

        // The counts must add up, or the time means nothing.
        const { rows: [check] } = await owner.query<{ rows: string; leads: string; with_phone: string; audience: string; pending: string; batch_queued: number; batch_blocked: number; no_sender: string }>(
          `SELECT (SELECT count(*) FROM send_queue WHERE batch_id = $2) AS rows,
                  (SELECT count(DISTINCT lead_id) FROM send_queue WHERE batch_id = $2) AS leads,
                  (SELECT count(*) FROM campaign_audience a JOIN leads l ON l.id = a.lead_id WHERE a.campaign_id = $1 AND ${leadSendPhoneSql('l.identity_id')} IS NOT NULL) AS with_phone,
                  (SELECT count(*) FROM campaign_audience WHERE campaign_id = $1) AS audience,
                  (SELECT count(*) FROM send_queue WHERE batch_id = $2 AND status = 'pending') AS pending,
                  (SELECT count(*) FROM send_queue WHERE batch_id = $2 AND block_reason = 'no_sender') AS no_sender,
                  b.queued AS batch_queued, b.blocked AS batch_blocked
             FROM send_batches b WHERE b.id = $2`,
          [draft.id, launched.batchId],
        )
        const problems = [
          queued + blocked !== launched.counts.audience && `queued ${queued} + blocked ${blocked} ≠ audience ${launched.counts.audience}`,
          Number(check!.audience) !== launched.counts.audience && `campaign_audience has ${check!.audience} rows, the campaign says ${launched.counts.audience}`,
          launched.counts.audience < LEADS && `the audience (${launched.counts.audience}) is smaller than the universe (${LEADS})`,
          Number(check!.rows) !== Number(check!.with_phone) && `send_queue has ${check!.rows} rows for the batch, ${check!.with_phone} leads of the audience have a number`,
          Number(check!.leads) !== Number(check!.rows) && `a lead is queued twice (${check!.rows} rows, ${check!.leads} leads)`,
          Number(check!.pending) !== queued && `${check!.pending} rows pending, ${queued} queued`,
          (check!.batch_queued !== queued || check!.batch_blocked !== blocked) && `the batch counts ${check!.batch_queued}/${check!.batch_blocked}, the chunks ${queued}/${blocked}`,
          Number(check!.no_sender) > queued / 10 && `${check!.no_sender} blocked for want of a sender`,
        ].filter(Boolean)
        if (problems.length) throw new Error(`campaign launch counts are off: ${problems.join('; ')}`)
        if (run < RUNS - 1) {
          await owner.query(`DELETE FROM send_queue WHERE batch_id = $1`, [launched.batchId])
          await owner.query('VACUUM ANALYZE send_queue')
        }
      }
      const dncAsked = (await dncChecks()) - dncBefore
      if (dncAsked !== 0) throw new Error(`the registry was asked for ${dncAsked} numbers: the figure would include provider calls`)

      const last = runs.at(-1)!
      const { rows: byReason } = await owner.query<{ reason: string; n: string }>(
        `SELECT coalesce(block_reason, 'pending') AS reason, count(*) AS n FROM send_queue WHERE batch_id = $1 GROUP BY 1 ORDER BY 2 DESC`,
        [last.batchId],
      )
      const { rows: byMatch } = await owner.query<{ match: string; n: string }>(
        `SELECT decision->>'sender' AS match, count(*) AS n FROM send_queue WHERE batch_id = $1 AND status = 'pending' GROUP BY 1 ORDER BY 2 DESC`,
        [last.batchId],
      )
      const rows = byReason.reduce((sum, r) => sum + Number(r.n), 0)

      const subject = summarize(`launchCampaign + queueCampaignChunk until done, ${last.audience.toLocaleString('en-US')} leads`, subjectMs)
      const baselineMs = naiveMsPerLead * last.audience
      return {
        unit: 'ms',
        subject,
        baseline: summarize(`one lead at a time (decide, sender, render, INSERT: ${naiveMsPerLead.toFixed(2)} ms each on ${sample.length}), for ${last.audience.toLocaleString('en-US')}`, [baselineMs]),
        details: {
          leads: LEADS,
          audience: last.audience,
          queued: last.queued,
          blocked: last.blocked,
          send_queue_rows: rows,
          no_phone: last.audience - rows,
          by_status: JSON.stringify(Object.fromEntries(byReason.map((r) => [r.reason, Number(r.n)]))),
          sender_match: JSON.stringify(Object.fromEntries(byMatch.map((r) => [r.match, Number(r.n)]))),
          sender_numbers: SENDERS,
          sender_capacity: SENDERS * SENDER_CAP,
          launch_ms: JSON.stringify(runs.map((r) => Math.round(r.launchMs))),
          chunk_ms: JSON.stringify(runs.map((r) => r.chunkMs.map(Math.round))),
          naive_sample: sample.length,
          naive_queued: naiveCounts.queued,
          naive_blocked: naiveCounts.blocked,
          naive_ms_per_lead: Math.round(naiveMsPerLead * 1000) / 1000,
          naive_vs_subject_p50: Math.round((baselineMs / subject.p50) * 10) / 10,
          registry_asked: dncAsked,
          target_ms: TARGET_MS,
          meets_target: subject.p95 < TARGET_MS,
        },
      }
    } finally {
      await owner.end()
    }
  },
})
