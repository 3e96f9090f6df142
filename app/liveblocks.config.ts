// Types shared by every Liveblocks hook in the app.
declare global {
  interface Liveblocks {
    Presence: Record<string, never>
    UserMeta: { id: string; info: { name: string; color: string } }
    /** What the server changes to tell a page to reload, where it cannot broadcast (the local dev server). */
    Storage: { changedAt?: number }
  }
}

export {}
