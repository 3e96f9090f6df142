import type { CampaignCounts } from '~/modules/campaigns/campaign-counts.server'

const COUNTS: [keyof Omit<CampaignCounts, 'blockedByReason'>, string][] = [
  ['audience', 'Audience'],
  ['queued', 'Queued'],
  ['sent', 'Sent'],
  ['delivered', 'Delivered'],
  ['failed', 'Failed'],
  ['replies', 'Replies'],
  ['optOuts', 'Opt-outs'],
  ['blocked', 'Blocked'],
  ['canceled', 'Canceled'],
]

/** A campaign's (or a crusade's rollup) counts, and its blocked recipients by reason. */
export function CampaignCountsGrid({ counts, testId = 'campaign-counts' }: { counts: CampaignCounts; testId?: string }) {
  return (
    <div className="space-y-3">
      <dl className="grid grid-cols-3 gap-3 sm:grid-cols-9" data-testid={testId}>
        {COUNTS.map(([key, label]) => (
          <div key={key}>
            <dt className="text-xs text-muted-foreground">{label}</dt>
            <dd className="text-lg font-semibold tabular-nums" data-testid={`count-${key}`}>
              {counts[key].toLocaleString('en-US')}
            </dd>
          </div>
        ))}
      </dl>
      {counts.blockedByReason.length ? (
        <table className="w-full text-sm" data-testid="blocked-by-reason">
          <caption className="text-left text-xs font-medium text-muted-foreground">Blocked, by reason</caption>
          <tbody>
            {counts.blockedByReason.map((r) => (
              <tr key={r.reason} data-reason={r.reason}>
                <td className="py-0.5 pr-3 font-mono text-xs">{r.reason}</td>
                <td className="py-0.5 pr-3 text-right tabular-nums">{r.count.toLocaleString('en-US')}</td>
                <td className="py-0.5 text-muted-foreground">{r.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  )
}
