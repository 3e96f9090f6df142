import { useEffect, useState } from 'react'
import { Button } from '~/components/ui/button'
import { FormMessage } from '~/components/ui/field'
import { safeRedirectPath } from '~/utils/safe-redirect-path'
import { passkeysSupported, registerPasskey, signInWithPasskey, type RegistrationFlow } from './passkey-client'

function useSupport() {
  const [supported, setSupported] = useState<boolean | null>(null)
  useEffect(() => setSupported(passkeysSupported()), [])
  return supported
}

/** Runs one ceremony at a time and keeps its error for display. */
function useCeremony() {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = async (ceremony: () => Promise<{ ok: true; redirectTo?: string } | { ok: false; message: string }>, onDone?: () => void) => {
    setBusy(true)
    setError(null)
    const outcome = await ceremony()
    if (!outcome.ok) {
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
  return { busy, error, run }
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
  const { busy, error, run } = useCeremony()
  if (supported === false) return <Unsupported />
  return (
    <div className="space-y-3">
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
