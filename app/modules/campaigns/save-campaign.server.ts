import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { Prisma } from '~/generated/prisma/client.ts'
import { leadFilter, isEmptyLeadFilter } from '~/modules/leads/lead-filter'
import { AppError } from '~/utils/app-error'
import type { CampaignInput } from './campaign-input'
import { getCampaign, type CampaignView } from './campaign-view.server'

const nameTaken = (name: string) => new AppError('campaign_name_taken', `The organization already has a campaign named “${name}”.`, 409, { fieldErrors: { name: 'Taken.' } })

/**
 * What a campaign's input points at must be the organization's: its saved
 * filter (copied, and it must still parse), templates not archived, the
 * vertical, crusade, numbers and accounts. Returns the data to store.
 */
async function resolveInput(tx: Prisma.TransactionClient, organizationId: string, input: CampaignInput) {
  const [saved, templates, vertical, crusade, numbers, accounts] = await Promise.all([
    tx.savedLeadFilter.findFirst({ where: { id: input.savedFilterId, organizationId } }),
    tx.messageTemplate.findMany({ where: { id: { in: input.templateIds }, organizationId }, select: { id: true, name: true, archivedAt: true } }),
    input.verticalId ? tx.vertical.findFirst({ where: { id: input.verticalId, organizationId }, select: { id: true } }) : null,
    input.crusadeId ? tx.crusade.findFirst({ where: { id: input.crusadeId, organizationId }, select: { id: true } }) : null,
    tx.senderNumber.count({ where: { id: { in: input.senderNumberIds }, organizationId } }),
    tx.carrierAccount.count({ where: { id: { in: input.carrierAccountIds }, organizationId } }),
  ])
  const fieldErrors: Record<string, string> = {}
  const filter = saved ? leadFilter.safeParse(saved.filter) : null
  if (!saved) fieldErrors.savedFilterId = 'No such saved filter in the organization.'
  else if (!filter?.success || isEmptyLeadFilter(filter.data)) fieldErrors.savedFilterId = 'This saved filter no longer applies to any lead as written; save it again.'
  const missing = input.templateIds.filter((id) => !templates.some((t) => t.id === id))
  const archived = templates.filter((t) => t.archivedAt)
  if (missing.length) fieldErrors.templateIds = `No such template in the organization: ${missing.join(', ')}.`
  else if (archived.length) fieldErrors.templateIds = `Archived templates cannot be sent: ${archived.map((t) => t.name).join(', ')}.`
  if (input.verticalId && !vertical) fieldErrors.verticalId = 'No such vertical in the organization.'
  if (input.crusadeId && !crusade) fieldErrors.crusadeId = 'No such crusade in the organization.'
  if (numbers !== input.senderNumberIds.length) fieldErrors.senderNumberIds = 'A sender number is not one of the organization’s.'
  if (accounts !== input.carrierAccountIds.length) fieldErrors.carrierAccountIds = 'A carrier account is not one of the organization’s.'
  if (Object.keys(fieldErrors).length) {
    throw new AppError('invalid_campaign', Object.values(fieldErrors).join(' '), 422, { fieldErrors })
  }
  const { savedFilterId, ...rest } = input
  return { ...rest, savedFilterId, filter: filter!.data as Prisma.InputJsonValue }
}

function isUniqueViolation(error: unknown) {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'
}

/** A new draft campaign, audited. The input is validated (campaign-input.ts) by the caller. */
export async function createCampaign(options: { organizationId: string; actor: Actor; input: CampaignInput }): Promise<CampaignView> {
  try {
    const id = await withAudit({ actor: options.actor, action: 'campaign.created', organizationId: options.organizationId }, async (tx) => {
      const data = await resolveInput(tx, options.organizationId, options.input)
      const row = await tx.campaign.create({ data: { organizationId: options.organizationId, ...data, createdByLabel: options.actor.label } })
      return { result: row.id, target: { type: 'campaign', id: row.id }, summary: { name: row.name, templates: row.templateIds.length, savedFilterId: row.savedFilterId } }
    })
    return getCampaign({ organizationId: options.organizationId, campaignId: id })
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(options.input.name)
    throw error
  }
}

/** Replaces a draft's settings, audited; a launched campaign cannot change (409). */
export async function updateCampaign(options: { organizationId: string; actor: Actor; campaignId: string; input: CampaignInput }): Promise<CampaignView> {
  try {
    await withAudit(
      { actor: options.actor, action: 'campaign.updated', organizationId: options.organizationId, target: { type: 'campaign', id: options.campaignId } },
      async (tx) => {
        // Which campaign first: another organization's is a 404, a launched one a 409, whatever the input says.
        const draft = await tx.campaign.findFirst({ where: { id: options.campaignId, organizationId: options.organizationId, status: 'draft' }, select: { id: true } })
        if (!draft) await notDraft(tx, options.organizationId, options.campaignId)
        const data = await resolveInput(tx, options.organizationId, options.input)
        const { count } = await tx.campaign.updateMany({ where: { id: options.campaignId, organizationId: options.organizationId, status: 'draft' }, data })
        if (!count) await notDraft(tx, options.organizationId, options.campaignId)
        return { result: undefined, summary: { name: data.name } }
      },
    )
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(options.input.name)
    throw error
  }
  return getCampaign({ organizationId: options.organizationId, campaignId: options.campaignId })
}

/** Deletes a draft, audited. A launched campaign is cancelled instead, and kept. */
export async function deleteCampaign(options: { organizationId: string; actor: Actor; campaignId: string }): Promise<void> {
  await withAudit(
    { actor: options.actor, action: 'campaign.deleted', organizationId: options.organizationId, target: { type: 'campaign', id: options.campaignId } },
    async (tx) => {
      const [row] = await tx.campaign.findMany({ where: { id: options.campaignId, organizationId: options.organizationId, status: 'draft' } })
      if (!row) await notDraft(tx, options.organizationId, options.campaignId)
      await tx.campaign.delete({ where: { id: row!.id } })
      return { result: undefined, summary: { name: row!.name } }
    },
  )
}

/** Throws why a campaign could not be changed as a draft: it does not exist (404) or it was launched (409). */
async function notDraft(tx: Prisma.TransactionClient, organizationId: string, campaignId: string): Promise<never> {
  const row = await tx.campaign.findFirst({ where: { id: campaignId, organizationId }, select: { status: true } })
  if (!row) throw new AppError('campaign_not_found', 'No such campaign in the organization.', 404)
  throw new AppError('campaign_not_draft', `The campaign is ${row.status}; only a draft can change or be deleted.`, 409)
}
