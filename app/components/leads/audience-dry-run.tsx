import { Form, useNavigation } from '@remix-run/react'
import { Button } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import { UtcTime } from '~/components/ui/utc-time'
import type { AudienceDryRun } from '~/modules/leads/dry-run-audience.server'

/**
 * "Who could we text?": a dry run of a marketing send to the leads the
 * filter on screen matches, now — allowed, blocked by reason, and those the
 * national registry is asked about when messages are queued. Sends nothing.
 */
export function AudienceDryRunPanel({ currentQuery, result }: { currentQuery: string; result: AudienceDryRun | null }) {
  const navigation = useNavigation()
  const running = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'dry-run'
  return (
    <section aria-label="Dry run" className="mb-4 space-y-2">
      <Form method="post" className="flex items-center gap-2">
        <input type="hidden" name="intent" value="dry-run" />
        <input type="hidden" name="query" value={currentQuery} />
        <Button type="submit" size="sm" variant="secondary" disabled={running}>
          {running ? 'Checking…' : 'Who could be texted now?'}
        </Button>
        <span className="text-xs text-muted-foreground">A dry run of a marketing send to every lead {currentQuery ? 'these filters match' : 'in the organization'}: nothing is sent.</span>
      </Form>
      {result ? (
        <Card className="space-y-2" data-testid="dry-run">
          <p className="text-sm">
            Of <strong data-testid="dry-run-audience">{result.audience.toLocaleString('en-US')}</strong> leads at <UtcTime value={result.at} />,{' '}
            <strong data-testid="dry-run-allowed">{result.allowed.toLocaleString('en-US')}</strong> pass every rule
            {result.registryCheckAtLaunch ? (
              <>
                {' '}
                and <strong data-testid="dry-run-registry">{result.registryCheckAtLaunch.toLocaleString('en-US')}</strong> more if the national do-not-call registry clears them
              </>
            ) : null}
            .
          </p>
          <p className="text-xs text-muted-foreground" data-testid="dry-run-capacity">
            {result.senderCapacityToday
              ? `Today the organization’s numbers can send ${result.senderCapacityToday.toLocaleString('en-US')} more (their daily caps); the rest would go on later days.`
              : 'No number of the organization can send more today (none yet, or their daily caps are used up).'}
          </p>
          {result.blocked.length ? (
            <ul className="space-y-1 text-sm">
              {result.blocked.map((b) => (
                <li key={b.reason} data-testid="dry-run-blocked" data-reason={b.reason}>
                  <span className="tabular-nums font-medium">{b.count.toLocaleString('en-US')}</span> blocked: {b.message}
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-muted-foreground">Nobody is blocked.</p>
          )}
        </Card>
      ) : null}
    </section>
  )
}
