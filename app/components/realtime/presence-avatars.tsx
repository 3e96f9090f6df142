import { LiveblocksProvider, RoomProvider, useOthers, useStatus } from '@liveblocks/react'
import { useEffect, useState } from 'react'
import { Avatar } from '~/components/ui/avatar'
import { Tooltip } from '~/components/ui/tooltip'
import '~/liveblocks.config'

const MAX_SHOWN = 4

function Others() {
  const others = useOthers()
  const status = useStatus()
  // One avatar per person, even with the page open in several tabs.
  const people = [...new Map(others.filter((o) => o.id).map((o) => [o.id, o])).values()]
  const shown = people.slice(0, MAX_SHOWN)
  return (
    <div
      className="flex items-center -space-x-2"
      data-testid="presence"
      data-status={status}
      role="group"
      aria-label={people.length ? `Also here: ${people.map((p) => p.info?.name).join(', ')}` : 'Nobody else is here'}
    >
      {shown.map((person) => (
        <Tooltip key={person.id} content={`${person.info?.name ?? 'Someone'} is on this page`}>
          <span className="rounded-full ring-2 ring-surface" data-testid="presence-avatar" data-user-id={person.id}>
            <Avatar name={person.info?.name ?? '?'} seed={person.id} className="size-7" />
          </span>
        </Tooltip>
      ))}
      {people.length > MAX_SHOWN ? (
        <span className="inline-flex size-7 items-center justify-center rounded-full bg-muted text-xs ring-2 ring-surface">
          +{people.length - MAX_SHOWN}
        </span>
      ) : null}
    </div>
  )
}

/**
 * Avatars of the other people on this page of this organization. Rendered
 * only in the browser: presence is live state, not part of the HTML.
 * `baseUrl` may be relative (`/`): the page's own origin, through which our
 * server proxies the Liveblocks dev server (a phone on the network cannot
 * reach the dev server's loopback port).
 */
export function PresenceAvatars({ roomId, baseUrl }: { roomId: string; baseUrl: string }) {
  const [origin, setOrigin] = useState<string | null>(null)
  useEffect(() => setOrigin(new URL(baseUrl, window.location.href).origin), [baseUrl])
  if (!origin) return <div className="h-7" data-testid="presence" data-status="initial" />
  return (
    <LiveblocksProvider authEndpoint="/api/liveblocks-auth" baseUrl={origin}>
      <RoomProvider key={roomId} id={roomId} initialPresence={{}}>
        <Others />
      </RoomProvider>
    </LiveblocksProvider>
  )
}
