import type { Actor } from '~/modules/audit/actor'
import { recordAudit } from '~/modules/audit/record-audit.server'
import type { DryRunReason } from '~/modules/leads/dry-run-audience.server'
import { maskPhone } from '~/modules/leads/mask-phone'
import { leadSendPhoneSql } from '~/modules/messaging/lead-send-phone-sql'
import { csvRow } from '~/utils/csv'
import { pool, prisma } from '~/utils/db.server'
import { dryRunCampaign } from './dry-run-campaign.server'

export const DRY_RUN_CSV_COLUMNS = ['lead_id', 'full_name', 'phone', 'state', 'outcome'] as const

const BATCH = 5_000

/**
 * One list of a campaign's dry run as CSV: the leads it would send to
 * (`reason` "allowed") or block for one reason, with their names and
 * numbers (masked without the permission). The dry run runs again for it,
 * so the list is as of the download. Audited as an export.
 */
export async function exportDryRunList(options: { organizationId: string; actor: Actor; campaignId: string; reason: DryRunReason | 'allowed'; showNumbers: boolean }): Promise<ReadableStream<Uint8Array>> {
  const leadIds: string[] = []
  await dryRunCampaign({
    organizationId: options.organizationId,
    campaignId: options.campaignId,
    onRecipient: (leadId, reason) => {
      if ((reason ?? 'allowed') === options.reason) leadIds.push(leadId)
    },
  })
  await recordAudit(prisma, {
    actor: options.actor,
    organizationId: options.organizationId,
    action: 'campaign.dry_run_exported',
    target: { type: 'campaign', id: options.campaignId },
    summary: { reason: options.reason, rows: leadIds.length },
  })
  const encoder = new TextEncoder()
  let index = 0
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvRow(DRY_RUN_CSV_COLUMNS)))
    },
    async pull(controller) {
      if (index >= leadIds.length) return controller.close()
      const ids = leadIds.slice(index, index + BATCH)
      index += BATCH
      const { rows } = await pool.query<{ id: string; full_name: string; state: string; e164: string | null }>(
        `SELECT l.id, i.full_name, pr.state::text AS state, ${leadSendPhoneSql('l.identity_id')} AS e164
           FROM leads l JOIN identities i ON i.id = l.identity_id JOIN properties pr ON pr.id = l.property_id
          WHERE l.organization_id = $1 AND l.id = ANY($2::uuid[])`,
        [options.organizationId, ids],
      )
      const byId = new Map(rows.map((r) => [r.id, r]))
      const text = ids
        .flatMap((id) => {
          const r = byId.get(id)
          return r ? [csvRow([r.id, r.full_name, r.e164 ? (options.showNumbers ? r.e164 : maskPhone(r.e164)) : '', r.state, options.reason])] : []
        })
        .join('')
      controller.enqueue(encoder.encode(text))
    },
  })
}
