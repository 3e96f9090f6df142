import { LiveRefresh } from '~/components/realtime/live-refresh'

/** While the import runs, the page reloads its data this often even without realtime. */
export const POLL_MS = 2_000

/**
 * Keeps the import page current without a reload: every progress broadcast
 * of the run (Liveblocks, room `org:<org>:import:<id>`) revalidates the
 * page's loader, and while the import is queued or running it also
 * revalidates on an interval, so it works when realtime is off or down.
 */
export function ImportLiveUpdates({ roomId, baseUrl, active }: { roomId: string; baseUrl: string | null; active: boolean }) {
  return <LiveRefresh roomId={roomId} baseUrl={baseUrl} active={active} eventType="import.progress" pollMs={POLL_MS} />
}
