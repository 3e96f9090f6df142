import type { Actor } from '~/modules/audit/actor'
import { recordAudit } from '~/modules/audit/record-audit.server'
import { csvRow } from '~/utils/csv'
import { prisma, Prisma } from '~/utils/db.server'
import type { LeadFilter } from './lead-filter'
import { leadFilterSql } from './lead-filter-sql.server'
import { maskPhone } from './mask-phone'

export const LEADS_CSV_COLUMNS = ['lead_id', 'full_name', 'first_name', 'last_name', 'phone', 'phone_line_type', 'address', 'city', 'state', 'zip', 'status', 'grade', 'tags', 'created_at'] as const

type ExportRow = {
  id: string
  created_at: Date
  full_name: string
  first_name: string | null
  last_name: string | null
  e164: string | null
  line_type: string | null
  line1: string
  city: string
  state: string
  postal_code: string
  status: string
  grade: string | null
  tags: string[]
}

/**
 * The leads a filter matches as CSV, newest first, like the grid. The export
 * is audited (with the filter) before the first byte; rows are read in
 * keyset batches only as fast as the client takes them, so memory stays flat
 * for a hundred thousand leads or a million. Numbers are masked for people
 * who may not see them.
 */
export async function exportLeadsCsv(options: { organizationId: string; actor: Actor; filter: LeadFilter; showNumbers: boolean; batchSize?: number }): Promise<ReadableStream<Uint8Array>> {
  const batchSize = options.batchSize ?? 1000
  const { organizationId } = options
  await recordAudit(prisma, { actor: options.actor, organizationId, action: 'leads.exported', summary: { filter: options.filter, fullNumbers: options.showNumbers } })
  const conditions = leadFilterSql(organizationId, options.filter)
  const encoder = new TextEncoder()
  let headerSent = false
  let after: { createdAt: Date; id: string } | null = null
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true
          controller.enqueue(encoder.encode(csvRow(LEADS_CSV_COLUMNS)))
          return
        }
        const boundary = after ? Prisma.sql`AND (l.created_at, l.id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)` : Prisma.empty
        const rows = await prisma.$queryRaw<ExportRow[]>`
          WITH page AS (
            SELECT l.id, l.identity_id, l.property_id, l.status, l.grade, l.tags, l.created_at
            FROM leads l ${conditions.joinProperty ? Prisma.sql`JOIN properties p ON p.id = l.property_id` : Prisma.empty}
            WHERE l.organization_id = ${organizationId}::uuid ${boundary} ${conditions.where}
            ORDER BY l.created_at DESC, l.id DESC
            LIMIT ${batchSize}
          )
          SELECT l.id::text AS id, l.created_at, i.full_name, i.first_name, i.last_name, ph.e164, ph.line_type,
                 p.line1, p.city, p.state::text AS state, p.postal_code, l.status::text AS status, l.grade, l.tags
          FROM page l
          JOIN identities i ON i.id = l.identity_id
          JOIN properties p ON p.id = l.property_id
          LEFT JOIN LATERAL (
            SELECT n.e164, n.line_type FROM identity_phones ip JOIN phone_numbers n ON n.id = ip.phone_id
            WHERE ip.identity_id = l.identity_id ORDER BY ip.position, n.e164 LIMIT 1
          ) ph ON true
          ORDER BY l.created_at DESC, l.id DESC`
        const last = rows[rows.length - 1]
        if (last) {
          controller.enqueue(
            encoder.encode(
              rows
                .map((r) =>
                  csvRow([
                    r.id, r.full_name, r.first_name, r.last_name, r.e164 ? (options.showNumbers ? r.e164 : maskPhone(r.e164)) : null, r.line_type,
                    r.line1, r.city, r.state, r.postal_code, r.status, r.grade, r.tags.join(';'), r.created_at.toISOString(),
                  ]),
                )
                .join(''),
            ),
          )
          after = { createdAt: last.created_at, id: last.id }
        }
        if (rows.length < batchSize) controller.close()
      },
    },
    { highWaterMark: 1 },
  )
}
