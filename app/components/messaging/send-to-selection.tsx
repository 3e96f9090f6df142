import type { SubmissionResult } from '@conform-to/react'
import { useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { Button } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import { ErrorList, Field, FormMessage, inputClass } from '~/components/ui/field'
import { cn } from '~/utils/cn'

const MAX_BODY = 1600
/** One SMS segment holds 160 GSM characters; longer messages go as 153-character segments. */
const segments = (length: number) => (length <= 160 ? 1 : Math.ceil(length / 153))

/**
 * The send bar over the leads table (inside its form): how many leads are
 * chosen, the message, and Send. The server puts every chosen lead through
 * the send gate and shows who was blocked and why.
 */
export function SendToSelection({
  selectedCount,
  sendKey,
  lastResult,
  onClear,
}: {
  selectedCount: number
  sendKey: string
  lastResult?: SubmissionResult<string[]> | null
  onClear: () => void
}) {
  const navigation = useNavigation()
  const sending = navigation.state === 'submitting' && navigation.formMethod?.toUpperCase() === 'POST'
  const [length, setLength] = useState(0)
  const errors = lastResult?.error ?? {}
  return (
    <Card className="space-y-3" data-testid="send-to-selection">
      <input type="hidden" name="idempotencyKey" value={sendKey} />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-base font-semibold">Send a message</h2>
        <p className="text-sm text-muted-foreground" aria-live="polite" data-testid="selected-count">
          {selectedCount === 0 ? 'Choose leads in the table below.' : `${selectedCount} ${selectedCount === 1 ? 'lead' : 'leads'} chosen`}
          {selectedCount > 0 ? (
            <button type="button" onClick={onClear} className="ml-2 underline underline-offset-2 hover:text-foreground">
              Clear
            </button>
          ) : null}
        </p>
      </div>
      {errors['']?.length ? <FormMessage tone="error">{errors[''].join(' ')}</FormMessage> : null}
      <ErrorList errors={errors.leadId} />
      <Field
        label="Message"
        hint={`${length}/${MAX_BODY} characters · ${segments(length)} ${segments(length) === 1 ? 'segment' : 'segments'}. Opted-out, listed, cooling-down and out-of-hours numbers are held back, each with its reason.`}
        errors={errors.body}
      >
        {(ids) => (
          <textarea
            {...ids}
            name="body"
            rows={3}
            maxLength={MAX_BODY}
            onChange={(event) => setLength(event.currentTarget.value.length)}
            className={cn(inputClass, 'h-auto py-2')}
            placeholder="Hi, this is Demo Realty. Are you still thinking of selling?"
          />
        )}
      </Field>
      <div className="flex justify-end">
        <Button type="submit" disabled={selectedCount === 0 || sending}>
          {sending ? 'Sending…' : selectedCount > 0 ? `Send to ${selectedCount}` : 'Send'}
        </Button>
      </div>
    </Card>
  )
}
