import { useNavigation, useSubmit } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { AlertDialog, AlertDialogCancel, AlertDialogContent } from '~/components/ui/alert-dialog'
import { Button } from '~/components/ui/button'
import { FormMessage } from '~/components/ui/field'
import { safeRedirectPath } from '~/utils/safe-redirect-path'
import { STEP_UP_REQUIRED } from '~/modules/auth/step-up'
import {
  confirmWithPasskey,
  passkeysSupported,
  registerPasskey,
  signInWithPasskey,
  type Outcome,
  type RegistrationFlow,
} from './passkey-client'

function useSupport() {
  const [supported, setSupported] = useState<boolean | null>(null)
  useEffect(() => setSupported(passkeysSupported()), [])
  return supported
}

/**
 * Runs one ceremony at a time and keeps its error for display. When the
 * server answers that the change needs a fresh passkey check, `stepUp` (to be
 * rendered) asks for it and then runs the same ceremony again.
 */
function useCeremony() {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [retry, setRetry] = useState<(() => void) | null>(null)
  const run = async (ceremony: () => Promise<Outcome>, onDone?: () => void) => {
    setBusy(true)
    setError(null)
    const outcome = await ceremony()
    if (!outcome.ok && outcome.code === STEP_UP_REQUIRED) {
      setRetry(() => () => void run(ceremony, onDone))
      setBusy(false)
    } else if (!outcome.ok) {
      setError(outcome.message)
      setBusy(false)
    } else if (outcome.redirectTo) {
      // Stay busy while the browser navigates away; only ever to a path of ours.
      window.location.assign(safeRedirectPath(outcome.redirectTo, '/dashboard'))
    } else {
      setBusy(false)
      onDone?.()
    }
  }
  const stepUp = (
    <StepUpDialog
      open={retry !== null}
      onCancel={() => setRetry(null)}
      onConfirmed={() => {
        setRetry(null)
        retry?.()
      }}
    />
  )
  return { busy, error, run, stepUp }
}

/**
 * The "Confirm with your passkey" prompt (step-up): the browser asks for one
 * of the user's own passkeys, the server records the proof on the session,
 * and `onConfirmed` completes the change that asked for it.
 */
export function StepUpDialog({ open, onConfirmed, onCancel }: { open: boolean; onConfirmed: () => void; onCancel: () => void }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const confirm = async () => {
    setBusy(true)
    setError(null)
    const outcome = await confirmWithPasskey()
    setBusy(false)
    if (outcome.ok) onConfirmed()
    else setError(outcome.message)
  }
  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        if (next) return
        setError(null)
        onCancel()
      }}
    >
      <AlertDialogContent
        title="Confirm with your passkey"
        description="Changes to how you sign in, and new API keys, need a passkey check from the last 5 minutes. Use one of your passkeys to continue; the change is made right after."
      >
        {error ? (
          <div className="mb-3">
            <FormMessage tone="error">{error}</FormMessage>
          </div>
        ) : null}
        <div className="flex justify-end gap-2">
          <AlertDialogCancel asChild>
            <Button variant="secondary">Cancel</Button>
          </AlertDialogCancel>
          <Button onClick={() => void confirm()} disabled={busy}>
            {busy ? 'Waiting for your passkey…' : 'Confirm with passkey'}
          </Button>
        </div>
      </AlertDialogContent>
    </AlertDialog>
  )
}

/**
 * For pages whose change is a form post: when the action's answer (`required`,
 * a fresh object each time) says a passkey check is needed, asks for it and
 * then posts the same form again.
 */
export function StepUpResubmit({ required }: { required: object | null }) {
  const navigation = useNavigation()
  const submit = useSubmit()
  const lastPost = useRef<{ formData: FormData; action: string } | null>(null)
  useEffect(() => {
    if (navigation.state === 'submitting' && navigation.formData && navigation.formMethod?.toUpperCase() === 'POST') {
      lastPost.current = { formData: navigation.formData, action: navigation.formAction }
    }
  }, [navigation])
  const [handled, setHandled] = useState<object | null>(null)
  return (
    <StepUpDialog
      open={required !== null && handled !== required}
      onCancel={() => setHandled(required)}
      onConfirmed={() => {
        setHandled(required)
        if (lastPost.current) submit(lastPost.current.formData, { method: 'post', action: lastPost.current.action })
      }}
    />
  )
}

function Unsupported() {
  return (
    <FormMessage tone="error">
      This browser cannot use passkeys. Use a current version of Chrome, Edge, Safari or Firefox.
    </FormMessage>
  )
}

export function PasskeySignInButton({ redirectTo }: { redirectTo?: string }) {
  const supported = useSupport()
  const { busy, error, run } = useCeremony()
  if (supported === false) return <Unsupported />
  return (
    <div className="space-y-3">
      <Button
        className="w-full"
        disabled={busy || supported === null}
        onClick={() =>
          run(async () => {
            const outcome = await signInWithPasskey(redirectTo)
            return outcome.ok ? { ok: true, redirectTo: outcome.redirectTo ?? '/dashboard' } : outcome
          })
        }
      >
        {busy ? 'Waiting for your passkey…' : 'Sign in with a passkey'}
      </Button>
      {error ? <FormMessage tone="error">{error}</FormMessage> : null}
    </div>
  )
}

/**
 * Creates a passkey for the given flow. `beforeStart` can validate a form
 * first (e.g. the invitee's name) and return the flow to use, or null.
 */
export function RegisterPasskeyButton({
  flow,
  label,
  passkeyName,
  onRegistered,
  beforeStart,
  variant = 'primary',
}: {
  flow: RegistrationFlow | null
  label: string
  passkeyName?: string
  onRegistered?: () => void
  beforeStart?: () => RegistrationFlow | null
  variant?: 'primary' | 'secondary'
}) {
  const supported = useSupport()
  const { busy, error, run, stepUp } = useCeremony()
  if (supported === false) return <Unsupported />
  return (
    <div className="space-y-3">
      {stepUp}
      <Button
        variant={variant}
        disabled={busy || supported === null}
        onClick={() => {
          const chosen = beforeStart ? beforeStart() : flow
          if (chosen) void run(() => registerPasskey(chosen, passkeyName), onRegistered)
        }}
      >
        {busy ? 'Waiting for your passkey…' : label}
      </Button>
      {error ? <FormMessage tone="error">{error}</FormMessage> : null}
    </div>
  )
}
