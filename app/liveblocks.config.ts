// Types shared by every Liveblocks hook in the app.
declare global {
  interface Liveblocks {
    Presence: Record<string, never>
    UserMeta: { id: string; info: { name: string; color: string } }
  }
}

export {}
