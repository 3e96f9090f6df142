import { campaignRoomId, pipelineRoomId } from '~/modules/realtime/rooms'
import { pushRoomChange } from '~/modules/realtime/push-room-change.server'

/** Tells the pages of a campaign (and the pipeline overview) that it changed: its status, or its counts as jobs advance. Best effort. */
export async function notifyCampaignChanged(options: { organizationId: string; campaignId: string }) {
  return pushRoomChange([campaignRoomId(options.organizationId, options.campaignId), pipelineRoomId(options.organizationId)], 'campaign.changed')
}
