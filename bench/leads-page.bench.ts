import pg from 'pg'
import { compare } from './lib/stats.ts'
import { defineBenchmark } from './lib/types.ts'

const LEADS = Number(process.env.BENCH_LEADS ?? 1_000_000)
const PAGE_SIZE = 50
/** Leads created by one import chunk share one created_at (one transaction): the keyset must break ties by id. */
const LEADS_PER_TIMESTAMP = 20_000
const TOTAL_CAP = 1000

/** The statement listLeads runs (app/modules/leads/list-leads.server.ts), older-than-cursor form. */
const pageSql = (withCursor: boolean) => `
  WITH page AS (
    SELECT id, identity_id, property_id, status, grade, tags, created_at
    FROM leads
    WHERE organization_id = $1::uuid ${withCursor ? 'AND (created_at, id) < ($3::timestamptz, $4::uuid)' : ''}
    ORDER BY created_at DESC, id DESC
    LIMIT $2
  )
  SELECT l.id::text AS id, l.status::text AS status, l.grade, l.tags, l.created_at, i.full_name, ph.e164, p.city, p.state
  FROM page l
  JOIN identities i ON i.id = l.identity_id
  JOIN properties p ON p.id = l.property_id
  LEFT JOIN LATERAL (
    SELECT n.e164 FROM identity_phones ip JOIN phone_numbers n ON n.id = ip.phone_id
    WHERE ip.identity_id = l.identity_id ORDER BY ip.position, n.e164 LIMIT 1
  ) ph ON true
  ORDER BY l.created_at DESC, l.id DESC`
const CAPPED_COUNT_SQL = `SELECT count(*)::int AS n FROM (SELECT 1 FROM leads WHERE organization_id = $1::uuid LIMIT $2) capped`
const ESTIMATE_SQL = `
  SELECT round(c.reltuples * s.most_common_freqs[array_position(s.most_common_vals::text::uuid[], $1::uuid)])::float8 AS n
  FROM pg_class c
  JOIN pg_stats s ON s.schemaname = current_schema() AND s.tablename = 'leads' AND s.attname = 'organization_id'
  WHERE c.oid = 'leads'::regclass AND c.reltuples > 0`

/** A deterministic, valid version-4 UUID for row g (the app's cursors accept only valid UUIDs). */
const uuid = (prefix: string) =>
  `(substr(md5('${prefix}' || g), 1, 12) || '4' || substr(md5('${prefix}' || g), 14, 3) || 'a' || substr(md5('${prefix}' || g), 18, 15))::uuid`

/**
 * 1M leads in the demo organization, set-based (generate_series), shaped as
 * imports leave them: an identity, a property and a phone each, created_at
 * shared by blocks of 20,000 (one import chunk's transaction).
 */
async function seedLeads(owner: pg.Client, organizationId: string, log: (line: string) => void) {
  const { rows } = await owner.query<{ id: string }>(`SELECT id FROM verticals WHERE organization_id = $1 ORDER BY created_at LIMIT 1`, [organizationId])
  const verticalId = rows[0]!.id
  const steps: [string, string][] = [
    ['identities', `INSERT INTO identities (id, organization_id, identity_hash, first_name, last_name, full_name)
      SELECT ${uuid('i')}, $1, 'bench-' || g, 'Owner', 'Number ' || g, 'Owner Number ' || g FROM generate_series(1, $2::int) g`],
    ['properties', `INSERT INTO properties (id, organization_id, property_hash, line1, city, state, postal_code)
      SELECT ${uuid('p')}, $1, 'bench-' || g, (100 + g % 9000) || ' Bench St', 'Austin', 'TX', '78701' FROM generate_series(1, $2::int) g`],
    ['phone_numbers', `INSERT INTO phone_numbers (id, e164)
      SELECT ${uuid('n')}, '+1512' || lpad((2000000 + g)::text, 7, '0') FROM generate_series(1, $2::int) g WHERE $1::uuid IS NOT NULL`],
    ['identity_phones', `INSERT INTO identity_phones (identity_id, phone_id, position, source)
      SELECT ${uuid('i')}, ${uuid('n')}, 1, 'bench' FROM generate_series(1, $2::int) g WHERE $1::uuid IS NOT NULL`],
    ['leads', `INSERT INTO leads (id, organization_id, identity_id, vertical_id, property_id, status, created_at, updated_at)
      SELECT ${uuid('l')}, $1, ${uuid('i')}, '${verticalId}'::uuid, ${uuid('p')}, 'new',
             timestamptz '2026-01-01' + (g / ${LEADS_PER_TIMESTAMP}) * interval '1 minute', now()
      FROM generate_series(1, $2::int) g`],
  ]
  for (const [table, sql] of steps) {
    const started = performance.now()
    await owner.query(sql, [organizationId, LEADS])
    log(`seeded ${LEADS.toLocaleString('en-US')} ${table} in ${((performance.now() - started) / 1000).toFixed(1)}s`)
  }
  await owner.query('ANALYZE identities, properties, phone_numbers, identity_phones, leads')
}

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] }
type Visited = PlanNode & { underLimit: boolean }
const planNodes = (node: PlanNode, underLimit = false): Visited[] => {
  const limited = underLimit || node['Node Type'] === 'Limit'
  return [{ ...node, underLimit }, ...(node.Plans ?? []).flatMap((child) => planNodes(child, limited))]
}

/**
 * Every statement of the page must reach its tables through an index, or
 * read at most a LIMIT's worth of rows (the capped count may scan the
 * table's first 1,001 rows of an organization that has nearly all of them),
 * never a whole table.
 */
async function assertIndexed(client: pg.Client, label: string, sql: string, params: unknown[]): Promise<string> {
  const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${sql}`, params)
  const nodes = planNodes(rows[0]!['QUERY PLAN'][0].Plan)
  const seqScans = nodes.filter((n) => n['Node Type'] === 'Seq Scan' && !n.underLimit && n['Relation Name'] !== 'pg_class' && n['Relation Name'] !== 'pg_statistic')
  if (seqScans.length > 0) throw new Error(`${label}: sequential scan of ${seqScans.map((n) => n['Relation Name']).join(', ')} with ${LEADS} leads`)
  const scans = nodes.filter((n) => n['Index Name'] || n['Node Type'] === 'Seq Scan')
  return [...new Set(scans.map((n) => n['Index Name'] ?? `limited seq scan of ${n['Relation Name']}`))].join(' ')
}

export default defineBenchmark({
  name: 'leads-page',
  description: `Leads page loader (first and a deep keyset page) with ${LEADS.toLocaleString('en-US')} leads in the organization, against the same statements by raw SQL`,
  async run(ctx) {
    const app = await ctx.app()
    const organizationId = app.demo.organizationId
    const owner = new pg.Client({ connectionString: app.ownerDatabaseUrl })
    const pageClient = new pg.Client({ connectionString: app.databaseUrl })
    const countClient = new pg.Client({ connectionString: app.databaseUrl })
    for (const client of [owner, pageClient, countClient]) client.on('error', (error) => ctx.log(`pg: ${error.message}`))
    try {
      await Promise.all([owner.connect(), pageClient.connect(), countClient.connect()])
      await seedLeads(owner, organizationId, ctx.log)

      // A cursor 90% of the way down: the row a user reaches after 18,000 "older" clicks.
      const deep = await pageClient.query<{ id: string; created_at: Date }>(
        `SELECT id, created_at FROM leads WHERE organization_id = $1 ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT 1`,
        [organizationId, Math.floor(LEADS * 0.9)],
      )
      const deepRow = deep.rows[0]!
      const deepCursor = Buffer.from(JSON.stringify({ t: deepRow.created_at.toISOString(), id: deepRow.id })).toString('base64url')

      const plans = {
        first: await assertIndexed(pageClient, 'first page', pageSql(false), [organizationId, PAGE_SIZE + 1]),
        deep: await assertIndexed(pageClient, 'deep page', pageSql(true), [organizationId, PAGE_SIZE + 1, deepRow.created_at, deepRow.id]),
        count: await assertIndexed(countClient, 'capped count', CAPPED_COUNT_SQL, [organizationId, TOTAL_CAP + 1]),
      }

      const dataUrl = (query: string) => `${app.baseUrl}/leads.data?${query}_routes=${encodeURIComponent('routes/_app.leads._index')}`
      const getPage = (query: string) => async () => {
        const response = await fetch(dataUrl(query), { headers: { cookie: app.cookie } })
        const body = await response.text()
        if (response.status !== 200) throw new Error(`GET /leads.data answered ${response.status}: ${body.slice(0, 200)}`)
        return body
      }
      const queryPage = (cursor: boolean) => async () => {
        const [page, count] = await Promise.all([
          pageClient.query<{ id: string }>(pageSql(cursor), cursor ? [organizationId, PAGE_SIZE + 1, deepRow.created_at, deepRow.id] : [organizationId, PAGE_SIZE + 1]),
          countClient.query<{ n: number }>(CAPPED_COUNT_SQL, [organizationId, TOTAL_CAP + 1]).then(async (capped) =>
            capped.rows[0]!.n > TOTAL_CAP ? (await countClient.query<{ n: number }>(ESTIMATE_SQL, [organizationId])).rows[0]?.n : capped.rows[0]!.n,
          ),
        ])
        return { ids: page.rows.slice(0, PAGE_SIZE).map((r) => r.id), total: count }
      }

      // Both sides must show the same leads, or the comparison means nothing.
      for (const [label, subject, baseline] of [
        ['first page', getPage(''), queryPage(false)],
        ['deep page', getPage(`after=${deepCursor}&`), queryPage(true)],
      ] as const) {
        const expected = await baseline()
        const body = await subject()
        const missing = expected.ids.filter((id) => !body.includes(id))
        if (expected.ids.length !== PAGE_SIZE || missing.length > 0) {
          throw new Error(`${label}: the loader lacks ${missing.length} of the ${expected.ids.length} leads the SQL returns`)
        }
        if (!body.includes('about')) throw new Error(`${label}: the loader's total is not an estimate with ${LEADS} leads`)
      }

      ctx.log('measuring the deep page (subject and baseline interleaved)')
      const deepResult = await compare(
        {
          subject: { name: 'GET /leads.data?after=<cursor 90% down>', fn: getPage(`after=${deepCursor}&`) },
          baseline: { name: 'raw pg: the same page statement + capped count + estimate', fn: queryPage(true) },
        },
        { warmup: 20, iterations: 200 },
      )
      ctx.log('measuring the first page (subject and baseline interleaved)')
      const first = await compare(
        {
          subject: { name: `GET /leads.data (first page) with ${LEADS.toLocaleString('en-US')} leads`, fn: getPage('') },
          baseline: { name: 'raw pg: the same page statement + capped count + estimate', fn: queryPage(false) },
        },
        { warmup: 20, iterations: 200 },
      )
      return {
        unit: 'ms',
        subject: first.subject,
        baseline: first.baseline,
        details: {
          leads: LEADS,
          page_size: PAGE_SIZE,
          leads_per_created_at: LEADS_PER_TIMESTAMP,
          deep_page_offset: Math.floor(LEADS * 0.9),
          deep_subject_p50: deepResult.subject.p50,
          deep_subject_p95: deepResult.subject.p95,
          deep_subject_p99: deepResult.subject.p99,
          deep_baseline_p50: deepResult.baseline.p50,
          deep_baseline_p95: deepResult.baseline.p95,
          deep_baseline_p99: deepResult.baseline.p99,
          deep_ratio_p95: Math.round((deepResult.subject.p95 / deepResult.baseline.p95) * 100) / 100,
          filtered_page: 'see bench/lead-search.bench.ts',
          indexes_first_page: plans.first,
          indexes_deep_page: plans.deep,
          indexes_count: plans.count,
        },
      }
    } finally {
      await Promise.all([owner.end(), pageClient.end(), countClient.end()])
    }
  },
})
