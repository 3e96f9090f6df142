/**
 * Liveblocks room ids. Every room belongs to one organization; the auth
 * endpoint only grants `org:<own id>:*`, so a user can never join another
 * organization's room, whatever id the browser asks for.
 */
export function organizationRoomPrefix(organizationId: string) {
  return `org:${organizationId}:`
}

export function pageRoomId(organizationId: string, pathname: string) {
  const page = pathname.replace(/\/+$/, '') || '/'
  return `${organizationRoomPrefix(organizationId)}page:${page}`.slice(0, 128)
}

/** The room an import's page listens to for progress. */
export function importRoomId(organizationId: string, importFileId: string) {
  return `${organizationRoomPrefix(organizationId)}import:${importFileId}`
}

/** The room a conversation's page listens to for new messages and deliveries. */
export function conversationRoomId(organizationId: string, conversationId: string) {
  return `${organizationRoomPrefix(organizationId)}conversation:${conversationId}`
}

/** The room a send batch's page listens to for deliveries, replies and cancellations. */
export function sendBatchRoomId(organizationId: string, batchId: string) {
  return `${organizationRoomPrefix(organizationId)}send:${batchId}`
}

/** The room a campaign's page listens to: its status and counts as its jobs advance. */
export function campaignRoomId(organizationId: string, campaignId: string) {
  return `${organizationRoomPrefix(organizationId)}campaign:${campaignId}`
}

/** The room the pipeline overview (files → campaigns → numbers → crusades) listens to. */
export function pipelineRoomId(organizationId: string) {
  return `${organizationRoomPrefix(organizationId)}pipeline`
}
