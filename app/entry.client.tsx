import { RemixBrowser } from '@remix-run/react'
import { setNonce } from 'get-nonce'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { trackDataResponses } from '~/components/request-info'

// Radix's scroll lock (dialogs, menus) adds a <style> element, which our
// Content-Security-Policy admits only with this page's nonce. The browser
// hides the nonce attribute from the DOM but keeps the property.
setNonce(document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce ?? '')

trackDataResponses()

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
    </StrictMode>,
  )
})
