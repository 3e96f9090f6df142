import pg from 'pg'
import { compare } from './lib/stats.ts'
import { defineBenchmark } from './lib/types.ts'

const PAGE_SIZE = 50

/**
 * The rows `listLeads` returns for the first page, in one statement: the page
 * of leads first (index scan, LIMIT), then its names, first phones and
 * places. LIMIT is page size + 1 because the app fetches one extra row to
 * know whether there is a next page.
 */
const PAGE_SQL = `
  WITH page AS (
    SELECT id, identity_id, property_id, status, grade, tags, created_at
    FROM leads
    WHERE organization_id = $1
    ORDER BY created_at DESC, id DESC
    LIMIT $2
  )
  SELECT l.id, l.status, l.grade, l.tags, l.created_at, i.full_name, ph.e164, p.city, p.state
  FROM page l
  JOIN identities i ON i.id = l.identity_id
  JOIN properties p ON p.id = l.property_id
  LEFT JOIN LATERAL (
    SELECT n.e164
    FROM identity_phones ip
    JOIN phone_numbers n ON n.id = ip.phone_id
    WHERE ip.identity_id = l.identity_id
    ORDER BY ip.position
    LIMIT 1
  ) ph ON true
  ORDER BY l.created_at DESC, l.id DESC`

const COUNT_SQL = `SELECT count(*)::int AS total FROM leads WHERE organization_id = $1`

export default defineBenchmark({
  name: 'loader-round-trip',
  description:
    'First page of leads as the UI loads it (HTTP, session, loader, Prisma, turbo-stream) against the same rows by raw SQL',
  async run(ctx) {
    const app = await ctx.app()
    const organizationId = app.demo.organizationId

    // What the browser fetches on a client-side navigation to /leads: only the
    // leads route's loader runs (root and _app data are already loaded).
    const dataUrl = `${app.baseUrl}/leads.data?_routes=${encodeURIComponent('routes/_app.leads._index')}`
    const getLeadsData = async () => {
      const response = await fetch(dataUrl, { headers: { cookie: app.cookie } })
      const body = await response.text()
      if (response.status !== 200) throw new Error(`GET ${dataUrl} answered ${response.status}: ${body.slice(0, 200)}`)
      return body
    }

    // The same two queries the loader makes, in parallel like Prisma runs them
    // on its pool: two plain `pg` connections, one query each.
    const pageClient = new pg.Client({ connectionString: app.databaseUrl })
    const countClient = new pg.Client({ connectionString: app.databaseUrl })
    for (const client of [pageClient, countClient]) client.on('error', (error) => ctx.log(`pg: ${error.message}`))
    try {
      await Promise.all([pageClient.connect(), countClient.connect()])
      const queryLeads = async () => {
        const [page, count] = await Promise.all([
          pageClient.query<{ id: string }>(PAGE_SQL, [organizationId, PAGE_SIZE + 1]),
          countClient.query<{ total: number }>(COUNT_SQL, [organizationId]),
        ])
        return { ids: page.rows.slice(0, PAGE_SIZE).map((r) => r.id), total: count.rows[0]!.total }
      }

      // Both sides must produce the same page, or the comparison means nothing.
      const expected = await queryLeads()
      if (expected.ids.length !== PAGE_SIZE) {
        throw new Error(`expected a full page of ${PAGE_SIZE} demo leads, the database has ${expected.total}`)
      }
      const body = await getLeadsData()
      const missing = expected.ids.filter((id) => !body.includes(id))
      if (missing.length > 0) {
        throw new Error(`GET /leads.data lacks ${missing.length} of the leads the SQL returns, e.g. ${missing[0]}`)
      }

      ctx.log('measuring (subject and baseline interleaved)')
      const { subject, baseline } = await compare(
        {
          subject: { name: 'GET /leads.data (leads loader) through the app', fn: getLeadsData },
          baseline: { name: 'raw pg: page query + count', fn: queryLeads },
        },
        { warmup: 50, iterations: 500 },
      )
      return {
        unit: 'ms',
        subject,
        baseline,
        details: { url: '/leads.data?_routes=routes/_app.leads._index', page_size: PAGE_SIZE, leads_total: expected.total },
      }
    } finally {
      await Promise.all([pageClient.end(), countClient.end()])
    }
  },
})
