import { Inngest } from 'inngest'
import { describe, expect, it } from 'vitest'
import { describeJobFunctions } from './describe-job-functions.server'

const inngest = new Inngest({ id: 'describe-test', isDev: true })
const stage = inngest.createFunction(
  {
    id: 'import-land',
    name: 'Land an import',
    retries: 5,
    concurrency: [{ limit: 10 }, { key: 'event.data.importFileId', limit: 1 }],
    throttle: { key: 'event.data.senderId', limit: 3, period: '1m', burst: 2 },
    triggers: [{ event: 'import/requested' }, { cron: '0 * * * *' }],
  },
  async () => null,
)

const describeWith = (env: Record<string, string | undefined>) => describeJobFunctions({ functions: [stage], appId: 'esd-quest', env })

describe('describeJobFunctions', () => {
  it('lists triggers and flow control as declared', () => {
    const [fn] = describeWith({}).functions
    expect(fn).toEqual({
      id: 'import-land',
      name: 'Land an import',
      triggers: ['event: import/requested', 'cron: 0 * * * *'],
      flowControl: ['concurrency: 10', 'concurrency: 1 per event.data.importFileId', 'throttle: 3 per 1m per event.data.senderId, burst 2', 'retries: 5'],
      dashboardUrl: null,
    })
  })

  it('links nowhere in process, and to the dashboard the Inngest variables point at otherwise', () => {
    expect(describeWith({}).dashboard).toBeNull()
    const cases: [Record<string, string>, string, string][] = [
      [{ INNGEST_DEV: '1' }, 'http://localhost:8288', 'http://localhost:8288/functions/config?slug=esd-quest-import-land'],
      [{ INNGEST_DEV: 'http://10.0.0.5:9999/' }, 'http://10.0.0.5:9999', 'http://10.0.0.5:9999/functions/config?slug=esd-quest-import-land'],
      [{ INNGEST_DEV: '1', INNGEST_BASE_URL: 'http://inngest:8288' }, 'http://inngest:8288', 'http://inngest:8288/functions/config?slug=esd-quest-import-land'],
      [
        { INNGEST_SIGNING_KEY: 'signkey-prod-x', INNGEST_BASE_URL: 'https://inngest.internal' },
        'https://inngest.internal',
        'https://inngest.internal/functions/config?slug=esd-quest-import-land',
      ],
      [
        { INNGEST_EVENT_KEY: 'k', INNGEST_SIGNING_KEY: 's' },
        'https://app.inngest.com/env/production/functions',
        'https://app.inngest.com/env/production/functions/esd-quest-import-land',
      ],
    ]
    for (const [env, dashboard, link] of cases) {
      const overview = describeWith(env)
      expect({ env, mode: overview.mode, url: overview.dashboard?.url, link: overview.functions[0]!.dashboardUrl }).toEqual({
        env,
        mode: 'inngest',
        url: dashboard,
        link,
      })
    }
  })
})
