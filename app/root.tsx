// First: before any route module builds a Zod schema in the browser.
import '~/utils/zod-without-eval'
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import { useEffect, type ReactNode } from 'react'
import { markHydrated, useNonce, useRequestId } from '~/components/request-info'
import { Button } from '~/components/ui/button'
import { Icon } from '~/components/ui/icon'
import { TooltipProvider } from '~/components/ui/tooltip'
import { getUser } from '~/utils/auth.server'
import stylesheet from '~/tailwind.css'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [{ title: 'esd.quest' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request)
  return { theme: user?.themePreference ?? 'system' }
}

export type RootLoaderData = Awaited<ReturnType<typeof loader>>

export function useRootData() {
  return useRouteLoaderData<typeof loader>('root')
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRootData()
  const requestId = useRequestId()
  const nonce = useNonce()
  return (
    <html lang="en" data-theme={data?.theme ?? 'system'}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {requestId ? <meta name="esd-request-id" content={requestId} /> : null}
        <Meta />
        <Links />
      </head>
      <body>
        <TooltipProvider>{children}</TooltipProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  useEffect(() => markHydrated(), [])
  return <Outlet />
}

export function ErrorBoundary() {
  const error = useRouteError()
  const isResponse = isRouteErrorResponse(error)
  const status = isResponse ? error.status : 500
  const requestId = useRequestId(status)
  const title = status === 404 ? 'Page not found' : status === 403 ? 'Not allowed' : 'Something went wrong'
  // A 404's data is the router's own wording ("No route matches URL …"); ours is kinder.
  const detail =
    status === 404
      ? 'There is nothing at this address.'
      : isResponse && typeof error.data === 'string' && error.data
        ? error.data
        : 'The error has been logged. Try again, and if it keeps happening, send us the request ID below.'
  // Stack traces only in development builds; production never shows them.
  const stack = process.env.NODE_ENV === 'development' && error instanceof Error ? error.stack : undefined
  return (
    <main className="mx-auto flex min-h-screen max-w-xl flex-col justify-center gap-4 p-6">
      <div className="flex items-center gap-2 text-danger">
        <Icon name="warning" className="size-5" />
        <span className="font-mono text-sm">{status}</span>
      </div>
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p className="text-muted-foreground">{detail}</p>
      {requestId ? (
        <p className="text-xs text-muted-foreground">
          Request ID: <code data-testid="request-id" className="font-mono text-foreground">{requestId}</code>
        </p>
      ) : null}
      {stack ? <pre className="overflow-auto rounded bg-muted p-3 text-xs">{stack}</pre> : null}
      <div>
        <Button asChild variant="secondary">
          <a href="/">Go to the start page</a>
        </Button>
      </div>
    </main>
  )
}
