import { NavLink } from '@remix-run/react'
import { cn } from '~/utils/cn'
import { userHasPermission, type PermissionString } from '~/utils/permissions'

export const settingsTabs: { to: string; label: string; permission: PermissionString; devOnly?: boolean }[] = [
  { to: '/settings/team', label: 'Team', permission: 'read:user:any' },
  { to: '/settings/carriers', label: 'Carriers', permission: 'manage:number:any' },
  { to: '/settings/api-keys', label: 'API keys', permission: 'manage:api_key:any' },
  { to: '/settings/webhooks', label: 'Webhooks', permission: 'manage:webhook:any' },
  { to: '/settings/gohighlevel', label: 'GoHighLevel', permission: 'manage:settings:any' },
  { to: '/settings/audit', label: 'Audit log', permission: 'read:audit:any' },
  { to: '/settings/jobs', label: 'Jobs', permission: 'read:job_run:any' },
  { to: '/settings/outbox', label: 'Email outbox', permission: 'read:email_outbox:any', devOnly: true },
]

/** Tabs of the organization settings, each shown only to users allowed to open it. */
export function SettingsNav({ user, showDevTools }: { user: { permissions: string[] }; showDevTools: boolean }) {
  const tabs = settingsTabs.filter((t) => userHasPermission(user, t.permission) && (!t.devOnly || showDevTools))
  return (
    <nav aria-label="Settings" className="-mx-1 mb-6 flex gap-1 overflow-x-auto border-b border-border">
      {tabs.map((tab) => (
        <NavLink
          key={tab.to}
          to={tab.to}
          prefetch="intent"
          className={({ isActive }) =>
            cn(
              'whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium text-muted-foreground hover:text-foreground',
              isActive ? 'border-primary text-foreground' : 'border-transparent',
            )
          }
        >
          {tab.label}
        </NavLink>
      ))}
    </nav>
  )
}
