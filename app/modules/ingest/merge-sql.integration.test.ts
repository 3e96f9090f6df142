import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { pool } from '~/utils/db.server'
import { createOrganization } from '../../../tests/support/factories'
import { asOwner } from '../../../tests/support/owner-database'
import { bindNamed, MAP_IDENTITIES } from './merge-sql'

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Cond'?: string; Plans?: PlanNode[] }
const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)]

describe('MERGE statements under statistics that predate the import', () => {
  it('MAP_IDENTITIES probes identities by (organization, hash) even when the planner thinks the organization has none', async () => {
    // Statistics taken while only another organization had identities: the importing one looks empty.
    const other = await createOrganization()
    const importing = await createOrganization()
    await asOwner(async (owner) => {
      await owner.query(
        `INSERT INTO identities (id, organization_id, identity_hash, full_name)
         SELECT gen_random_uuid(), $1, 'other-' || g, 'Other ' || g FROM generate_series(1, 2000) g`,
        [other.id],
      )
      await owner.query('ANALYZE identities')
      // Then the import adds its own, as UPSERT_IDENTITIES does before MAP_IDENTITIES.
      await owner.query(
        `INSERT INTO identities (id, organization_id, identity_hash, full_name)
         SELECT gen_random_uuid(), $1, 'mine-' || g, 'Mine ' || g FROM generate_series(1, 5000) g`,
        [importing.id],
      )
    })
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      await client.query(`CREATE TEMP TABLE t_ident ON COMMIT DROP AS
        SELECT 'mine-' || g AS identity_hash, NULL::uuid AS id, NULL::uuid AS before_extraction FROM generate_series(1, 5000) g`)
      const statement = bindNamed(MAP_IDENTITIES, { org: importing.id, extraction: randomUUID() })
      const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${statement.text}`, statement.values)
      const identityScans = nodes(rows[0]!['QUERY PLAN'][0].Plan).filter((n) => n['Relation Name'] === 'identities')
      expect(identityScans.length).toBeGreaterThan(0)
      for (const scan of identityScans) {
        expect(scan['Node Type']).toMatch(/^Index (Only )?Scan$/)
        expect(scan['Index Cond']).toContain('identity_hash')
      }
      const updated = await client.query(statement.text, statement.values)
      expect(updated.rowCount).toBe(5000)
      expect((await client.query(`SELECT count(*)::int AS n FROM t_ident WHERE id IS NULL`)).rows[0].n).toBe(0)
      await client.query('ROLLBACK')
    } finally {
      client.release()
    }
  })
})
