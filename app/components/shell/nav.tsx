import { NavLink } from '@remix-run/react'
import { Icon, type IconName } from '~/components/ui/icon'
import { cn } from '~/utils/cn'
import { userHasPermission, type PermissionString } from '~/utils/permissions'

type Item = { to: string; label: string; icon: IconName; permission?: PermissionString; anyOf?: PermissionString[] }

const main: Item[] = [
  { to: '/dashboard', label: 'Dashboard', icon: 'dashboard' },
  { to: '/leads', label: 'Leads', icon: 'leads', permission: 'read:lead:any' },
  { to: '/imports', label: 'Imports', icon: 'imports', permission: 'write:lead:any' },
  { to: '/conversations', label: 'Conversations', icon: 'conversations', permission: 'read:conversation:any' },
  { to: '/sends', label: 'Sends', icon: 'sends', permission: 'send:message:any' },
  { to: '/templates', label: 'Templates', icon: 'templates', permission: 'read:campaign:any' },
  { to: '/campaigns', label: 'Campaigns', icon: 'campaigns', permission: 'read:campaign:any' },
  { to: '/pipeline', label: 'Pipeline', icon: 'pipeline', permission: 'read:campaign:any' },
  { to: '/forms', label: 'Forms', icon: 'forms', permission: 'read:lead:any' },
]

const secondary: Item[] = [
  { to: '/account', label: 'Your account', icon: 'account' },
  { to: '/settings', label: 'Settings', icon: 'settings', anyOf: ['read:user:any', 'manage:api_key:any', 'read:audit:any', 'read:job_run:any'] },
  { to: '/platform', label: 'Platform', icon: 'platform', permission: 'manage:organization:any' },
]

function visible(items: Item[], user: { permissions: string[] }) {
  return items.filter(
    (item) =>
      (!item.permission || userHasPermission(user, item.permission)) &&
      (!item.anyOf || item.anyOf.some((p) => userHasPermission(user, p))),
  )
}

function Links({ items, onNavigate }: { items: Item[]; onNavigate?: () => void }) {
  return (
    <>
      {items.map((item) => (
        <NavLink
          key={item.to}
          to={item.to}
          prefetch="intent"
          onClick={onNavigate}
          className={({ isActive }) =>
            cn(
              'flex items-center gap-3 rounded px-3 py-2 font-medium text-muted-foreground transition-colors hover:bg-muted hover:text-foreground',
              isActive && 'bg-accent text-accent-foreground hover:bg-accent hover:text-accent-foreground',
            )
          }
        >
          <Icon name={item.icon} />
          {item.label}
        </NavLink>
      ))}
    </>
  )
}

/** The main navigation; items the user may not open are not shown (the server refuses them anyway). */
export function Nav({ user, onNavigate }: { user: { permissions: string[] }; onNavigate?: () => void }) {
  return (
    <nav aria-label="Main" className="flex flex-1 flex-col gap-1 p-3">
      <Links items={visible(main, user)} onNavigate={onNavigate} />
      <div className="mt-auto flex flex-col gap-1 border-t border-border pt-3">
        <Links items={visible(secondary, user)} onNavigate={onNavigate} />
      </div>
    </nav>
  )
}
