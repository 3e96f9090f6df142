import { useLocation } from '@remix-run/react'
import { createContext, useContext } from 'react'

type RequestInfo = {
  requestId?: string
  /** The Content-Security-Policy nonce of this response; only the server render knows it. */
  nonce?: string
}

const RequestInfoContext = createContext<RequestInfo>({})

/** Set by entry.server around the whole render so error pages can name the request, and scripts carry the nonce. */
export const RequestInfoProvider = RequestInfoContext.Provider

/**
 * The nonce for <Scripts> and <ScrollRestoration>: the server's while it
 * renders; in the browser nothing (the browser hides it from the HTML, and
 * those scripts are not rendered again after hydration).
 */
export function useNonce(): string | undefined {
  return useContext(RequestInfoContext).nonce
}

let hydrated = false
export function markHydrated() {
  hydrated = true
}

/** Page path → the latest failed data request for that page. */
const failedDataRequests = new Map<string, { requestId: string; status: number }>()

/** `/settings/team.data` → `/settings/team`; the root's data is `/_root.data`. */
function pagePathOf(dataPath: string): string {
  const path = dataPath.slice(0, -'.data'.length)
  return path === '/_root' ? '/' : path
}

/**
 * Called with every `.data` response (the loader and action data of
 * client-side navigations and form posts): remembers the request id of a
 * failed one for its page, and forgets it when that page's data loads fine.
 */
function noteDataResponse(url: URL, response: Response) {
  if (!url.pathname.endsWith('.data')) return
  const page = pagePathOf(url.pathname)
  const requestId = response.headers.get('x-request-id')
  if (response.ok || !requestId) failedDataRequests.delete(page)
  else failedDataRequests.set(page, { requestId, status: response.status })
}

/** Watches the browser's fetches for `.data` responses; entry.client installs it before hydrating. */
export function trackDataResponses() {
  const originalFetch = window.fetch.bind(window)
  window.fetch = async (input, init) => {
    const response = await originalFetch(input, init)
    const url = new URL(input instanceof Request ? input.url : String(input), window.location.href)
    if (url.origin === window.location.origin) noteDataResponse(url, response)
    return response
  }
}

/**
 * The id of the request behind the page being shown: from the server render
 * context, or during hydration from the meta tag the server wrote. After
 * hydration, on an error page (`errorStatus`), the id of the failed data
 * request for this page that answered with that status; when there is none
 * (the error happened in the browser), nothing rather than another
 * request's id.
 */
export function useRequestId(errorStatus?: number): string | undefined {
  const { requestId } = useContext(RequestInfoContext)
  const { pathname } = useLocation()
  if (requestId) return requestId
  if (typeof document === 'undefined') return undefined
  if (hydrated) {
    const failed = failedDataRequests.get(pathname)
    return failed && failed.status === errorStatus ? failed.requestId : undefined
  }
  return document.querySelector('meta[name="esd-request-id"]')?.getAttribute('content') ?? undefined
}
