import { leadFilter } from '~/modules/leads/lead-filter'
import { leadFilterSql } from '~/modules/leads/lead-filter-sql.server'
import { measureSms } from '~/modules/templates/sms-segments'
import { countVariants, renderVariant, type MergeFieldKey } from '~/modules/templates/template-syntax'
import { AppError } from '~/utils/app-error'
import { prisma, Prisma } from '~/utils/db.server'
import { campaignMergeValues, LEAD_MERGE_COLUMNS, type LeadMergeRow } from './campaign-merge-values'

/** Variants previewed per template: enough to read the spintax's range. */
export const PREVIEW_VARIANTS = 6

export type CampaignPreview = {
  template: { id: string; name: string }
  variant: number
  variants: number
  lead: { id: string; name: string } | null
  text: string
  segments: number
  encoding: 'GSM-7' | 'UCS-2'
  missing: MergeFieldKey[]
}

/**
 * Sample messages of a campaign as its leads would get them: each
 * template's first variants, each rendered for a different real lead of its
 * audience (the newest), so merge fields and fallbacks show as sent.
 */
export async function previewCampaign(options: { organizationId: string; campaignId: string }): Promise<CampaignPreview[]> {
  const campaign = await prisma.campaign.findFirst({ where: { id: options.campaignId, organizationId: options.organizationId }, include: { organization: { select: { name: true } } } })
  if (!campaign) throw new AppError('campaign_not_found', 'No such campaign in the organization.', 404)
  const templates = await prisma.messageTemplate.findMany({ where: { id: { in: campaign.templateIds }, organizationId: options.organizationId } })
  const ordered = campaign.templateIds.flatMap((id) => templates.filter((t) => t.id === id))
  const filter = leadFilter.safeParse(campaign.filter)
  const wanted = ordered.reduce((n, t) => n + Math.min(PREVIEW_VARIANTS, countVariants(t.body)), 0)
  const conditions = filter.success ? leadFilterSql(options.organizationId, filter.data) : null
  const leads = conditions
    ? await prisma.$queryRaw<(LeadMergeRow & { id: string })[]>`
        SELECT l.id::text AS id, ${Prisma.raw(LEAD_MERGE_COLUMNS)}
          FROM leads l JOIN identities i ON i.id = l.identity_id JOIN properties pr ON pr.id = l.property_id
          ${conditions.joinProperty ? Prisma.sql`JOIN properties p ON p.id = l.property_id` : Prisma.empty}
         WHERE l.organization_id = ${options.organizationId}::uuid ${conditions.where}
         ORDER BY l.created_at DESC, l.id DESC LIMIT ${wanted}`
    : []
  const previews: CampaignPreview[] = []
  for (const template of ordered) {
    const variants = countVariants(template.body)
    for (let variant = 0; variant < Math.min(PREVIEW_VARIANTS, variants); variant++) {
      const lead = leads.length ? leads[previews.length % leads.length]! : null
      const values = campaignMergeValues(
        lead ?? { first_name: null, last_name: null, full_name: null, line1: null, city: null, state: null, postal_code: null },
        { senderName: campaign.senderName, organizationName: campaign.organization.name },
      )
      const rendered = renderVariant(template.body, values, variant)
      const measure = measureSms(rendered.text)
      previews.push({
        template: { id: template.id, name: template.name },
        variant,
        variants,
        lead: lead ? { id: lead.id, name: lead.full_name ?? '' } : null,
        text: rendered.text,
        segments: measure.segments,
        encoding: measure.encoding,
        missing: rendered.missing,
      })
    }
  }
  return previews
}
