import pg from 'pg'
import { measure, summarize } from './lib/stats.ts'
import { seedLeadUniverse } from './lib/lead-universe.ts'
import { defineBenchmark } from './lib/types.ts'

const LEADS = Number(process.env.BENCH_LEADS ?? 1_000_000)
const PAGE_SIZE = 50
const TARGET_P95_MS = 150
/** Leads the naive loop reads to measure its cost per lead. */
const NAIVE_SAMPLE = Number(process.env.BENCH_SEARCH_NAIVE_SAMPLE ?? 500)

type Case = { label: string; query: Record<string, string>; where: string }

/**
 * The grid's five most common filters and the fuzzy search, each with the
 * SQL condition (written apart from the app's) that says which leads match:
 * the page must show exactly the first 50 of them.
 */
const CASES: Case[] = [
  { label: 'status', query: { status: 'new' }, where: `l.status = 'new'` },
  { label: 'state', query: { state: 'TX' }, where: `p.state = 'TX'` },
  { label: 'zip', query: { zip: String(70000 + 123 * 37) }, where: `p.postal_code = '${70000 + 123 * 37}'` },
  { label: 'tag', query: { tag: 'probate' }, where: `'probate' = ANY(l.tags)` },
  {
    label: 'mobile_and_status',
    query: { hasMobile: 'true', status: 'replied' },
    where: `l.status = 'replied' AND EXISTS (SELECT 1 FROM identity_phones ip JOIN phone_numbers n ON n.id = ip.phone_id WHERE ip.identity_id = l.identity_id AND n.line_type IS DISTINCT FROM 'landline')`,
  },
  // A typo in the family name, as an operator types it.
  { label: 'fuzzy_name', query: { q: 'maria okafr' }, where: `(word_similarity('maria okafr', i.full_name) >= 0.6 OR word_similarity('maria okafr', p.line1) >= 0.6)` },
]

export default defineBenchmark({
  name: 'lead-search',
  description: `The lead grid's filters and fuzzy search (GET /leads.data?<filter>) over ${LEADS.toLocaleString('en-US')} leads, p95 per filter, against a naive loop that reads leads newest first one at a time until a page is found`,
  async run(ctx) {
    const app = await ctx.app()
    const organizationId = app.demo.organizationId
    const owner = new pg.Client({ connectionString: app.ownerDatabaseUrl })
    const client = new pg.Client({ connectionString: app.databaseUrl })
    for (const c of [owner, client]) c.on('error', (error) => ctx.log(`pg: ${error.message}`))
    await Promise.all([owner.connect(), client.connect()])
    try {
      await seedLeadUniverse(owner, organizationId, LEADS, ctx.log)
      const getPage = (query: Record<string, string>) => async () => {
        const params = new URLSearchParams({ ...query, _routes: 'routes/_app.leads._index' })
        const response = await fetch(`${app.baseUrl}/leads.data?${params}`, { headers: { cookie: app.cookie } })
        const body = await response.text()
        if (response.status !== 200) throw new Error(`GET /leads.data answered ${response.status}: ${body.slice(0, 200)}`)
        return body
      }

      // The naive way: walk the leads newest first, read each one's person, property and phone by id, test it in Node.
      const ids = (await client.query<{ id: string }>(`SELECT id FROM leads WHERE organization_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, [organizationId, NAIVE_SAMPLE])).rows
      const readOne = (id: string) =>
        client.query(
          `SELECT l.status::text AS status, l.tags, i.full_name, p.line1, p.state, p.postal_code, n.line_type
             FROM leads l JOIN identities i ON i.id = l.identity_id JOIN properties p ON p.id = l.property_id
             LEFT JOIN identity_phones ip ON ip.identity_id = l.identity_id LEFT JOIN phone_numbers n ON n.id = ip.phone_id
            WHERE l.id = $1`,
          [id],
        )
      for (const { id } of ids.slice(0, 50)) await readOne(id)
      const naiveStarted = performance.now()
      for (const { id } of ids) await readOne(id)
      const naiveMsPerLead = (performance.now() - naiveStarted) / ids.length

      const details: Record<string, number | string | boolean> = { leads: LEADS, page_size: PAGE_SIZE, target_p95_ms: TARGET_P95_MS, naive_ms_per_lead: Math.round(naiveMsPerLead * 1000) / 1000 }
      let worst: ReturnType<typeof summarize> | null = null
      let worstBaselineMs = 0
      let allMet = true
      for (const c of CASES) {
        const matching = `FROM leads l JOIN identities i ON i.id = l.identity_id JOIN properties p ON p.id = l.property_id WHERE l.organization_id = $1 AND ${c.where}`
        const expected = (await client.query<{ id: string }>(`SELECT l.id::text AS id ${matching} ORDER BY l.created_at DESC, l.id DESC LIMIT ${PAGE_SIZE}`, [organizationId])).rows
        const share = (await client.query<{ n: number }>(`SELECT count(*)::float8 / $2 AS n ${matching}`, [organizationId, LEADS])).rows[0]!.n
        // The page must be exactly the first 50 matching leads, or its speed means nothing.
        const body = await getPage(c.query)()
        const missing = expected.filter((row) => !body.includes(row.id))
        if (expected.length === 0 || missing.length > 0) {
          throw new Error(`${c.label}: the page lacks ${missing.length} of the first ${expected.length} matching leads`)
        }
        ctx.log(`${c.label}: measuring`)
        const sampleResult = await measure({ name: `GET /leads.data?${new URLSearchParams(c.query)}`, fn: getPage(c.query) }, { warmup: 5, iterations: 60 })
        // The naive loop's time for one page: the leads it must read to find 50 matches, at the measured cost per lead.
        const naiveLeads = Math.min(LEADS, Math.ceil(PAGE_SIZE / Math.max(share, 1 / LEADS)))
        const naiveMs = naiveLeads * naiveMsPerLead
        details[`${c.label}_p50_ms`] = sampleResult.p50
        details[`${c.label}_p95_ms`] = sampleResult.p95
        details[`${c.label}_match_share`] = Math.round(share * 1e6) / 1e6
        details[`${c.label}_naive_ms`] = Math.round(naiveMs)
        details[`${c.label}_naive_vs_subject_p95`] = Math.round((naiveMs / sampleResult.p95) * 10) / 10
        details[`${c.label}_page_rows_checked`] = expected.length
        details[`${c.label}_meets_target`] = sampleResult.p95 < TARGET_P95_MS
        if (sampleResult.p95 >= TARGET_P95_MS) allMet = false
        if (!worst || sampleResult.p95 > worst.p95) {
          worst = sampleResult
          worstBaselineMs = naiveMs
        }
      }
      details.all_meet_target = allMet
      return {
        unit: 'ms',
        subject: worst!,
        baseline: summarize('naive loop for the same page (leads needed × measured ms per lead)', [worstBaselineMs]),
        details,
      }
    } finally {
      await Promise.all([owner.end(), client.end()])
    }
  },
})
