import { advanceCampaigns } from '~/modules/campaigns/advance-campaigns.server'
import { inngest } from '../../client'
import { campaignsAdvanceRequested } from '../../events'

/** Starts scheduled campaigns, ends expired ones and completes finished ones (advanceCampaigns), every minute. */
export const advanceCampaignsJob = inngest.createFunction(
  { id: 'campaigns-advance', name: 'Move campaigns along their lifecycle', triggers: [{ cron: '* * * * *' }, campaignsAdvanceRequested], concurrency: { limit: 1 } },
  async ({ step }) => step.run('advance', () => advanceCampaigns()),
)
