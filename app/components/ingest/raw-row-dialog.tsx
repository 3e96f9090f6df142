import { Dialog } from 'radix-ui'
import { Icon } from '~/components/ui/icon'

export type RawRowError = { rowNo: number; kind: string; message: string; column: string | null; value: string | null; raw: { column: string; value: string }[] | null }

/** A row error's whole source row, header → value, in a dialog (focus trap, Escape closes). */
export function RawRowDialog({ error }: { error: RawRowError }) {
  return (
    <Dialog.Root>
      <Dialog.Trigger className="inline-flex min-h-11 items-center rounded px-2 font-medium tabular-nums underline underline-offset-4 hover:bg-muted focus-visible:ring-2 focus-visible:ring-ring sm:min-h-0" data-testid="open-row">
        Row {error.rowNo.toLocaleString('en-US')}
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 animate-fade-in bg-black/40" />
        <Dialog.Content className="fixed left-1/2 top-1/2 z-50 flex max-h-[85vh] w-[40rem] max-w-[calc(100vw-1.5rem)] -translate-x-1/2 -translate-y-1/2 flex-col rounded-lg border border-border bg-surface shadow-xl">
          <div className="flex items-start justify-between gap-3 border-b border-border p-4">
            <div>
              <Dialog.Title className="text-base font-semibold">Row {error.rowNo.toLocaleString('en-US')}</Dialog.Title>
              <Dialog.Description className="mt-1 text-sm text-danger" data-testid="row-reason">
                {error.kind}: {error.message}
                {error.column ? ` (column “${error.column}”${error.value !== null ? `, value “${error.value}”` : ''})` : ''}
              </Dialog.Description>
            </div>
            <Dialog.Close className="inline-flex size-11 shrink-0 items-center justify-center rounded hover:bg-muted sm:size-9" aria-label="Close">
              <Icon name="close" />
            </Dialog.Close>
          </div>
          <div className="overflow-y-auto p-4">
            {error.raw ? (
              <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[minmax(8rem,auto)_1fr]" data-testid="raw-row">
                {error.raw.map((cell, index) => (
                  <div key={index} className="contents">
                    <dt className={`font-medium text-muted-foreground ${cell.column === error.column ? 'text-danger' : ''}`}>{cell.column}</dt>
                    <dd className="break-all">{cell.value === '' ? <span className="text-muted-foreground">(empty)</span> : cell.value}</dd>
                  </div>
                ))}
              </dl>
            ) : (
              <p className="text-sm text-muted-foreground">The source row is not stored.</p>
            )}
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
