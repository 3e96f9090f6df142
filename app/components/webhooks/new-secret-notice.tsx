import { useEffect, useRef, useState } from 'react'
import { Button } from '~/components/ui/button'
import { Input } from '~/components/ui/field'
import { Icon } from '~/components/ui/icon'

/** An endpoint's signing secret, shown once (after create or rotate), with a copy button. */
export function NewSecretNotice({ shown, onDismiss }: { shown: { key: string; secret: string; title: string; body: string }; onDismiss: () => void }) {
  const inputRef = useRef<HTMLInputElement>(null)
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle')

  useEffect(() => {
    inputRef.current?.focus()
    inputRef.current?.select()
    setCopyState('idle')
  }, [shown.key])

  async function copy() {
    try {
      await navigator.clipboard.writeText(shown.secret)
      setCopyState('copied')
    } catch {
      inputRef.current?.select()
      setCopyState('failed')
    }
  }

  return (
    <section aria-labelledby="webhook-secret-heading" className="rounded-lg border border-warning/50 bg-warning/10 p-4" data-testid="webhook-secret">
      <h2 id="webhook-secret-heading" className="flex items-center gap-2 font-semibold">
        <Icon name="warning" className="text-warning" />
        {shown.title}
      </h2>
      <p className="mt-1 text-sm">{shown.body}</p>
      <div className="mt-3 flex gap-2">
        <label htmlFor="webhook-secret-value" className="sr-only">
          Signing secret
        </label>
        <Input
          ref={inputRef}
          id="webhook-secret-value"
          readOnly
          value={shown.secret}
          spellCheck={false}
          autoComplete="off"
          className="font-mono text-xs"
          onFocus={(event) => event.currentTarget.select()}
        />
        <Button onClick={copy}>
          <Icon name="copy" />
          Copy
        </Button>
      </div>
      <p aria-live="polite" className="mt-1 min-h-4 text-xs text-muted-foreground">
        {copyState === 'copied' ? 'Copied to the clipboard.' : copyState === 'failed' ? 'Could not copy automatically. The secret is selected: press Ctrl+C (⌘C on a Mac).' : ''}
      </p>
      <Button variant="secondary" size="sm" className="mt-2" onClick={onDismiss}>
        I have stored the secret
      </Button>
    </section>
  )
}
