import type { Prisma } from '~/generated/prisma/client.ts'
import { AppError } from '~/utils/app-error'

/** The campaign, locked for this transaction (a lifecycle change is one at a time); 404 when not the organization's. */
export async function lockCampaign(tx: Prisma.TransactionClient, organizationId: string, campaignId: string) {
  const [locked] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM campaigns WHERE id = ${campaignId}::uuid AND organization_id = ${organizationId}::uuid FOR UPDATE`
  if (!locked) throw new AppError('campaign_not_found', 'No such campaign in the organization.', 404)
  return tx.campaign.findUniqueOrThrow({ where: { id: campaignId }, include: { crusade: true } })
}

export const notInState = (status: string, action: string, allowed: string) =>
  new AppError('campaign_wrong_state', `The campaign is ${status}; only a ${allowed} campaign can be ${action}.`, 409, { status })
