import { useFetcher } from '@remix-run/react'
import { Button } from '~/components/ui/button'
import { FormMessage } from '~/components/ui/field'
import type { action } from '~/routes/resources.gohighlevel.push'

/** Queues a push of the lead to GoHighLevel and says what happened, without leaving the page. */
export function SendToGoHighLevel({ leadId }: { leadId: string }) {
  const fetcher = useFetcher<typeof action>()
  const busy = fetcher.state !== 'idle'
  return (
    <fetcher.Form method="post" action="/resources/gohighlevel/push" className="flex flex-wrap items-center gap-2" data-testid="send-to-gohighlevel">
      <input type="hidden" name="leadId" value={leadId} />
      <Button type="submit" size="sm" variant="secondary" disabled={busy}>
        {busy ? 'Sending…' : 'Send to GoHighLevel'}
      </Button>
      {fetcher.data && !busy ? <FormMessage tone={fetcher.data.ok ? 'success' : 'error'}>{fetcher.data.message}</FormMessage> : null}
    </fetcher.Form>
  )
}
