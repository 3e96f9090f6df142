import { LiveblocksProvider, RoomProvider, useEventListener, useStorage } from '@liveblocks/react'
import { useRevalidator } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import '~/liveblocks.config'

function OnEvent({ type, onEvent }: { type: string; onEvent: () => void }) {
  useEventListener(({ event }) => {
    if (event && typeof event === 'object' && (event as { type?: unknown }).type === type) onEvent()
  })
  return null
}

/** The server marks the room's storage where it cannot broadcast (notify-message-changed.server.ts). */
function OnStorageChange({ onChange }: { onChange: () => void }) {
  const changedAt = useStorage((root) => root.changedAt ?? null)
  const seen = useRef<number | null | undefined>(undefined)
  useEffect(() => {
    if (changedAt === undefined) return
    if (seen.current !== undefined && changedAt !== seen.current) onChange()
    seen.current = changedAt
  }, [changedAt, onChange])
  return null
}

/**
 * Keeps a page current without a reload: while `active`, every broadcast of
 * `eventType` in the Liveblocks room revalidates the page's loader, and while
 * `poll` (default: `active`) it also revalidates every `pollMs`, so the page
 * stays live when realtime is off or down. A page that expects rare, late
 * changes (a reply to a settled send) listens without polling.
 */
export function LiveRefresh({
  roomId,
  baseUrl,
  active,
  eventType,
  pollMs,
  poll = active,
  followStorage = false,
}: {
  roomId: string
  baseUrl: string | null
  active: boolean
  eventType: string
  pollMs: number
  poll?: boolean
  /** Also reload when the room's `changedAt` changes (rooms the server writes to). */
  followStorage?: boolean
}) {
  const revalidator = useRevalidator()
  // The latest revalidator, read by the timer and the listener without restarting them.
  const latest = useRef(revalidator)
  latest.current = revalidator
  // A change that arrives while a reload is under way may not be in what that reload reads: reload once more after it.
  const again = useRef(false)
  const refresh = () => {
    if (latest.current.state === 'idle') latest.current.revalidate()
    else again.current = true
  }
  useEffect(() => {
    if (revalidator.state === 'idle' && again.current) {
      again.current = false
      revalidator.revalidate()
    }
  }, [revalidator.state])
  const [origin, setOrigin] = useState<string | null>(null)
  useEffect(() => {
    if (baseUrl) setOrigin(new URL(baseUrl, window.location.href).origin)
  }, [baseUrl])
  useEffect(() => {
    if (!active || !poll) return
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') refresh()
    }, pollMs)
    return () => window.clearInterval(timer)
  }, [active, poll, pollMs])
  if (!origin || !active) return null
  return (
    <LiveblocksProvider authEndpoint="/api/liveblocks-auth" baseUrl={origin}>
      <RoomProvider key={roomId} id={roomId} initialPresence={{}}>
        <OnEvent type={eventType} onEvent={refresh} />
        {followStorage ? <OnStorageChange onChange={refresh} /> : null}
      </RoomProvider>
    </LiveblocksProvider>
  )
}
