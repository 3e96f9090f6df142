import { useRef, useState } from 'react'
import { Button } from '~/components/ui/button'
import { Icon } from '~/components/ui/icon'
import { inputClass } from '~/components/ui/field'
import { cn } from '~/utils/cn'

/** A read-only value (the public URL, the embed snippet) with a copy button that says whether it worked. */
export function CopyField({ id, label, value, multiline = false }: { id: string; label: string; value: string; multiline?: boolean }) {
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null)
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  async function copy() {
    try {
      await navigator.clipboard.writeText(value)
      setState('copied')
    } catch {
      ref.current?.select()
      setState('failed')
    }
  }
  const common = { id, ref, readOnly: true, value, spellCheck: false, onFocus: (e: { currentTarget: { select(): void } }) => e.currentTarget.select() }
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start">
        {multiline ? <textarea {...common} rows={3} className={cn(inputClass, 'h-auto py-2 font-mono text-xs')} /> : <input {...common} className={cn(inputClass, 'font-mono text-xs')} />}
        <Button variant="secondary" onClick={copy} aria-describedby={`${id}-copy-state`}>
          <Icon name="copy" />
          Copy
        </Button>
      </div>
      <p id={`${id}-copy-state`} role="status" className="text-xs text-muted-foreground">
        {state === 'copied' ? 'Copied.' : state === 'failed' ? 'Could not copy: the text is selected, copy it with your keyboard.' : ''}
      </p>
    </div>
  )
}
