import { LiveblocksProvider, RoomProvider, useEventListener } from '@liveblocks/react'
import { useRevalidator } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import '~/liveblocks.config'

/** While the import runs, the page reloads its data this often even without realtime. */
export const POLL_MS = 2_000

function OnProgress({ onEvent }: { onEvent: () => void }) {
  useEventListener(({ event }) => {
    if (event && typeof event === 'object' && (event as { type?: unknown }).type === 'import.progress') onEvent()
  })
  return null
}

/**
 * Keeps the import page current without a reload: every progress broadcast
 * of the run (Liveblocks, room `org:<org>:import:<id>`) revalidates the
 * page's loader, and while the import is queued or running it also
 * revalidates on an interval, so it works when realtime is off or down.
 */
export function ImportLiveUpdates({ roomId, baseUrl, active }: { roomId: string; baseUrl: string | null; active: boolean }) {
  const revalidator = useRevalidator()
  // The latest revalidator, read by the timer and the listener without restarting them.
  const latest = useRef(revalidator)
  latest.current = revalidator
  const refresh = () => {
    if (latest.current.state === 'idle') latest.current.revalidate()
  }
  const [origin, setOrigin] = useState<string | null>(null)
  useEffect(() => {
    if (baseUrl) setOrigin(new URL(baseUrl, window.location.href).origin)
  }, [baseUrl])
  useEffect(() => {
    if (!active) return
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') refresh()
    }, POLL_MS)
    return () => window.clearInterval(timer)
  }, [active])
  if (!origin || !active) return null
  return (
    <LiveblocksProvider authEndpoint="/api/liveblocks-auth" baseUrl={origin}>
      <RoomProvider key={roomId} id={roomId} initialPresence={{}}>
        <OnProgress onEvent={refresh} />
      </RoomProvider>
    </LiveblocksProvider>
  )
}
