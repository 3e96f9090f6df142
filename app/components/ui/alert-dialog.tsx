import { AlertDialog as AlertDialogPrimitive } from 'radix-ui'
import { Form } from '@remix-run/react'
import { useState, type ReactNode } from 'react'
import { Button } from './button'

export const AlertDialog = AlertDialogPrimitive.Root
export const AlertDialogTrigger = AlertDialogPrimitive.Trigger
export const AlertDialogCancel = AlertDialogPrimitive.Cancel

/**
 * A confirmation for a destructive step (Radix AlertDialog: focus trap,
 * Escape cancels, focus starts on Cancel). `children` holds the buttons.
 */
export function AlertDialogContent({
  title,
  description,
  children,
}: {
  title: string
  description: ReactNode
  children: ReactNode
}) {
  return (
    <AlertDialogPrimitive.Portal>
      <AlertDialogPrimitive.Overlay className="fixed inset-0 z-40 animate-fade-in bg-black/40" />
      <AlertDialogPrimitive.Content className="fixed left-1/2 top-1/2 z-50 w-[28rem] max-w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 animate-fade-in rounded-lg border border-border bg-surface p-5 shadow-xl">
        <AlertDialogPrimitive.Title className="text-base font-semibold">{title}</AlertDialogPrimitive.Title>
        <AlertDialogPrimitive.Description asChild>
          <div className="mt-2 text-sm text-muted-foreground">{description}</div>
        </AlertDialogPrimitive.Description>
        <div className="mt-5">{children}</div>
      </AlertDialogPrimitive.Content>
    </AlertDialogPrimitive.Portal>
  )
}

/**
 * A button that asks before it posts: confirming submits a form with
 * `intent` (and `fields`) to the current route's action.
 */
export function AlertDialogConfirm({
  trigger,
  title,
  description,
  confirmLabel,
  intent,
  fields = {},
  disabled,
}: {
  trigger: ReactNode
  title: string
  description: ReactNode
  confirmLabel: string
  intent: string
  fields?: Record<string, string>
  disabled?: boolean
}) {
  const [open, setOpen] = useState(false)
  if (disabled) return <>{trigger}</>
  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>{trigger}</AlertDialogTrigger>
      <AlertDialogContent title={title} description={description}>
        {/* Closed from onSubmit, not by Radix's Action: Remix reads the form
            before React re-renders, whereas an Action click could unmount
            the form before the browser submits it. */}
        <Form method="post" className="flex justify-end gap-2" onSubmit={() => setOpen(false)}>
          <input type="hidden" name="intent" value={intent} />
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <AlertDialogCancel asChild>
            <Button variant="secondary">Cancel</Button>
          </AlertDialogCancel>
          <Button type="submit" variant="danger">
            {confirmLabel}
          </Button>
        </Form>
      </AlertDialogContent>
    </AlertDialog>
  )
}
