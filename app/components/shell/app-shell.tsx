import { useLocation } from '@remix-run/react'
import { useState, type ReactNode } from 'react'
import { PresenceAvatars } from '~/components/realtime/presence-avatars'
import { Button } from '~/components/ui/button'
import { Drawer } from '~/components/ui/drawer'
import { Icon } from '~/components/ui/icon'
import { pageRoomId } from '~/modules/realtime/rooms'
import { AddPasskeyBanner, ImpersonationBanner } from './banners'
import { Nav } from './nav'
import { ThemeMenu } from './theme-menu'
import { UserMenu } from './user-menu'

type ShellUser = {
  id: string
  name: string
  email: string
  role: string
  themePreference: 'system' | 'light' | 'dark'
  organization: { id: string; name: string; environment: string }
  permissions: string[]
  impersonating: boolean
  passkeyCount: number
}

function OrgBadge({ organization }: { organization: ShellUser['organization'] }) {
  return (
    <div className="flex min-w-0 items-center gap-2">
      <img src="/favicon.svg" alt="" className="size-7 shrink-0" />
      <div className="min-w-0">
        <div className="truncate font-semibold leading-tight">{organization.name}</div>
        {organization.environment !== 'prod' ? (
          <div className="text-xs uppercase tracking-wide text-warning">{organization.environment}</div>
        ) : null}
      </div>
    </div>
  )
}

/**
 * Sidebar on wide screens; under 768 px the sidebar becomes a drawer opened
 * from the header.
 */
export function AppShell({
  user,
  realtime,
  children,
}: {
  user: ShellUser
  realtime: { baseUrl: string } | null
  children: ReactNode
}) {
  const [menuOpen, setMenuOpen] = useState(false)
  const location = useLocation()
  return (
    <div className="flex min-h-screen">
      <aside className="sticky top-0 hidden h-screen w-60 shrink-0 flex-col border-r border-border bg-surface md:flex" data-testid="sidebar">
        <div className="flex h-14 items-center border-b border-border px-4">
          <OrgBadge organization={user.organization} />
        </div>
        <Nav user={user} />
      </aside>
      <Drawer open={menuOpen} onOpenChange={setMenuOpen} title={user.organization.name}>
        <Nav user={user} onNavigate={() => setMenuOpen(false)} />
      </Drawer>
      <div className="flex min-w-0 flex-1 flex-col">
        {/* Banners sit in the sticky top of the content column, not above the
            whole shell, so the full-height sidebar is never pushed below the fold. */}
        <div className="sticky top-0 z-30">
          {user.impersonating ? <ImpersonationBanner organization={user.organization.name} /> : null}
          {!user.impersonating && user.passkeyCount === 0 && location.pathname !== '/account' ? <AddPasskeyBanner /> : null}
          <header className="flex h-14 items-center gap-2 border-b border-border bg-surface/95 px-3 backdrop-blur md:px-6">
            <Button
              variant="ghost"
              size="icon"
              className="md:hidden"
              aria-label="Open menu"
              aria-expanded={menuOpen}
              onClick={() => setMenuOpen(true)}
              data-testid="menu-button"
            >
              <Icon name="menu" />
            </Button>
            <div className="md:hidden">
              <OrgBadge organization={user.organization} />
            </div>
            <div className="ml-auto flex items-center gap-2">
              {realtime ? (
                <PresenceAvatars
                  roomId={pageRoomId(user.organization.id, location.pathname)}
                  baseUrl={realtime.baseUrl}
                />
              ) : null}
              <ThemeMenu theme={user.themePreference} />
              <UserMenu user={user} />
            </div>
          </header>
        </div>
        <main className="mx-auto w-full max-w-6xl flex-1 p-4 md:p-6">{children}</main>
      </div>
    </div>
  )
}
