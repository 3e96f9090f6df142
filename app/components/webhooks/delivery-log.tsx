import { Form, useNavigation } from '@remix-run/react'
import { Badge } from '~/components/ui/badge'
import { Button } from '~/components/ui/button'
import { EmptyState } from '~/components/ui/card'
import { UtcTime } from '~/components/ui/utc-time'

export type DeliveryView = {
  id: string
  eventId: string
  eventType: string
  status: 'pending' | 'succeeded' | 'failed' | 'exhausted'
  attemptCount: number
  nextAttemptAt: string | null
  replayOf: string | null
  createdAt: string
  attempts: {
    number: number
    attemptedAt: string
    requestHeaders: Record<string, string>
    requestBody: string
    responseStatus: number | null
    responseBody: string | null
    durationMs: number
    error: string | null
  }[]
}

const STATUS: Record<DeliveryView['status'], { label: string; tone: 'neutral' | 'success' | 'warning' | 'danger' }> = {
  pending: { label: 'Pending', tone: 'warning' },
  succeeded: { label: 'Succeeded', tone: 'success' },
  failed: { label: 'Stopped', tone: 'danger' },
  exhausted: { label: 'Exhausted', tone: 'danger' },
}

function prettyJson(text: string) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}

/** An endpoint's deliveries, newest first: each opens to its attempts (request, response, timing) and can be replayed. */
export function DeliveryLog({ deliveries, canReplay }: { deliveries: DeliveryView[]; canReplay: boolean }) {
  const navigation = useNavigation()
  const replaying = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'replay' ? String(navigation.formData.get('deliveryId')) : null
  if (deliveries.length === 0) return <EmptyState title="No deliveries yet">Send a test event, or wait for one of the subscribed events.</EmptyState>
  return (
    <ul className="space-y-2" aria-label="Deliveries">
      {deliveries.map((delivery) => {
        const status = STATUS[delivery.status]
        const last = delivery.attempts.at(-1)
        return (
          <li key={delivery.id} className="rounded-lg border border-border bg-surface" data-testid="webhook-delivery">
            <details>
              <summary className="flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 p-3 focus-visible:outline focus-visible:outline-2 focus-visible:outline-ring">
                <span className="font-mono text-xs">{delivery.eventType}</span>
                <Badge tone={status.tone}>{status.label}</Badge>
                <span className="text-xs text-muted-foreground">
                  {delivery.attemptCount === 1 ? '1 attempt' : `${delivery.attemptCount} attempts`}
                  {last ? ` · last: ${last.responseStatus !== null ? `HTTP ${last.responseStatus}` : 'no answer'} in ${last.durationMs} ms` : ''}
                </span>
                {delivery.replayOf ? <Badge>Replay</Badge> : null}
                <span className="ml-auto text-xs text-muted-foreground">
                  <UtcTime value={delivery.createdAt} />
                </span>
              </summary>
              <div className="space-y-3 border-t border-border p-3 text-sm">
                <p className="text-xs text-muted-foreground">
                  <span className="font-mono">webhook-id</span> {delivery.eventId}
                  {delivery.nextAttemptAt ? (
                    <>
                      {' · next attempt '}
                      <UtcTime value={delivery.nextAttemptAt} />
                    </>
                  ) : null}
                </p>
                {delivery.attempts.length === 0 ? <p className="text-muted-foreground">No attempt yet.</p> : null}
                <ol className="space-y-3">
                  {delivery.attempts.map((attempt) => (
                    <li key={attempt.number} className="space-y-2 rounded border border-border p-2" data-testid="webhook-attempt">
                      <p className="font-medium">
                        Attempt {attempt.number} · <UtcTime value={attempt.attemptedAt} /> · {attempt.durationMs} ms ·{' '}
                        {attempt.responseStatus !== null ? `HTTP ${attempt.responseStatus}` : 'no answer'}
                      </p>
                      {attempt.error ? <p className="text-danger">{attempt.error}</p> : null}
                      <div className="grid gap-2 lg:grid-cols-2">
                        <div className="min-w-0">
                          <h4 className="text-xs font-semibold uppercase text-muted-foreground">Request</h4>
                          <pre className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap break-all rounded bg-muted p-2 font-mono text-xs">
                            {Object.entries(attempt.requestHeaders)
                              .map(([name, value]) => `${name}: ${value}`)
                              .join('\n')}
                            {'\n\n'}
                            {prettyJson(attempt.requestBody)}
                          </pre>
                        </div>
                        <div className="min-w-0">
                          <h4 className="text-xs font-semibold uppercase text-muted-foreground">Response</h4>
                          <pre className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap break-all rounded bg-muted p-2 font-mono text-xs">
                            {attempt.responseStatus !== null ? `HTTP ${attempt.responseStatus}\n\n${attempt.responseBody || '(empty body)'}` : '(no answer)'}
                          </pre>
                        </div>
                      </div>
                    </li>
                  ))}
                </ol>
                {canReplay ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="replay" />
                    <input type="hidden" name="deliveryId" value={delivery.id} />
                    <Button type="submit" variant="secondary" size="sm" disabled={replaying === delivery.id}>
                      {replaying === delivery.id ? 'Replaying…' : 'Replay'}
                    </Button>
                  </Form>
                ) : null}
              </div>
            </details>
          </li>
        )
      })}
    </ul>
  )
}
