import { useFetcher } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { AlertDialog, AlertDialogCancel, AlertDialogContent, AlertDialogTrigger } from '~/components/ui/alert-dialog'
import { Button } from '~/components/ui/button'
import { FormMessage } from '~/components/ui/field'

/** What the settings action answers to `intent=revoke`. */
export type RevokeResult = { intent: 'revoke'; ok: boolean; error: string | null }

/** Revoke, behind a confirmation that says what stops working; stays open to show a failure. */
export function RevokeKeyDialog({ apiKey }: { apiKey: { id: string; name: string; prefix: string } }) {
  const fetcher = useFetcher<RevokeResult>()
  const [open, setOpen] = useState(false)
  const busy = fetcher.state !== 'idle'
  const outcome = fetcher.data?.intent === 'revoke' ? fetcher.data : null

  useEffect(() => {
    if (fetcher.state === 'idle' && outcome?.ok) setOpen(false)
  }, [fetcher.state, outcome])

  return (
    <AlertDialog open={open} onOpenChange={(next) => (busy ? undefined : setOpen(next))}>
      <AlertDialogTrigger asChild>
        <Button variant="secondary" size="sm" aria-label={`Revoke ${apiKey.name}`}>
          Revoke
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent
        title={`Revoke “${apiKey.name}”?`}
        description={
          <>
            Every request with <code className="font-mono text-xs">{apiKey.prefix}…</code> will be refused at once. This
            cannot be undone.
          </>
        }
      >
        {outcome && !outcome.ok && outcome.error ? (
          <div className="mb-3">
            <FormMessage tone="error">{outcome.error}</FormMessage>
          </div>
        ) : null}
        <fetcher.Form method="post" className="flex justify-end gap-2">
          <input type="hidden" name="intent" value="revoke" />
          <input type="hidden" name="id" value={apiKey.id} />
          <AlertDialogCancel asChild>
            <Button variant="secondary" disabled={busy}>
              Cancel
            </Button>
          </AlertDialogCancel>
          <Button type="submit" variant="danger" disabled={busy}>
            {busy ? 'Revoking…' : 'Revoke key'}
          </Button>
        </fetcher.Form>
      </AlertDialogContent>
    </AlertDialog>
  )
}
