import { createContext, useContext } from 'react'

type RequestInfo = { requestId?: string }

const RequestInfoContext = createContext<RequestInfo>({})

/** Set by entry.server around the whole render so error pages can name the request. */
export const RequestInfoProvider = RequestInfoContext.Provider

let hydrated = false
export function markHydrated() {
  hydrated = true
}

/**
 * The id of the request that rendered this page: from the server render
 * context, or during hydration from the meta tag the server wrote. After
 * hydration a client-side navigation has its own request, so we return
 * nothing rather than a stale id.
 */
export function useRequestId(): string | undefined {
  const { requestId } = useContext(RequestInfoContext)
  if (requestId) return requestId
  if (typeof document === 'undefined' || hydrated) return undefined
  return document.querySelector('meta[name="esd-request-id"]')?.getAttribute('content') ?? undefined
}
