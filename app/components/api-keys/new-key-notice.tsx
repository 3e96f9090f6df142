import { useEffect, useRef, useState } from 'react'
import { Button } from '~/components/ui/button'
import { Input } from '~/components/ui/field'
import { Icon } from '~/components/ui/icon'

/** The full key, shown once right after it was created, with a copy button. */
export function NewKeyNotice({ created, onDismiss }: { created: { id: string; name: string; key: string }; onDismiss: () => void }) {
  const inputRef = useRef<HTMLInputElement>(null)
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle')

  // Take keyboard and screen-reader users straight to the key.
  useEffect(() => {
    inputRef.current?.focus()
    inputRef.current?.select()
    setCopyState('idle')
  }, [created.id])

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.key)
      setCopyState('copied')
    } catch {
      inputRef.current?.select()
      setCopyState('failed')
    }
  }

  return (
    <section
      aria-labelledby="new-api-key-heading"
      className="rounded-lg border border-warning/50 bg-warning/10 p-4"
      data-testid="new-api-key"
    >
      <h2 id="new-api-key-heading" className="flex items-center gap-2 font-semibold">
        <Icon name="warning" className="text-warning" />
        Copy the key “{created.name}” now
      </h2>
      <p className="mt-1 text-sm">
        This is the only time the full key is shown. esd.quest keeps only a hash of it, so it cannot be shown again. If
        you lose it, revoke it and create a new one.
      </p>
      <div className="mt-3 flex gap-2">
        <label htmlFor="new-api-key-value" className="sr-only">
          New API key
        </label>
        <Input
          ref={inputRef}
          id="new-api-key-value"
          readOnly
          value={created.key}
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
        {copyState === 'copied'
          ? 'Copied to the clipboard.'
          : copyState === 'failed'
            ? 'Could not copy automatically. The key is selected: press Ctrl+C (⌘C on a Mac).'
            : ''}
      </p>
      <Button variant="secondary" size="sm" className="mt-2" onClick={onDismiss}>
        I have stored the key
      </Button>
    </section>
  )
}
