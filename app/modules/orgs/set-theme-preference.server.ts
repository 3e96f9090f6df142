import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'

export type ThemePreference = 'system' | 'light' | 'dark'

export async function setThemePreference(options: { userId: string; actor: Actor; theme: ThemePreference }) {
  return withAudit({ actor: options.actor, action: 'user.theme_changed', target: { type: 'user', id: options.userId } }, async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: options.userId }, select: { themePreference: true } })
    await tx.user.update({ where: { id: options.userId }, data: { themePreference: options.theme } })
    return { result: null, summary: { before: { theme: before.themePreference }, after: { theme: options.theme } } }
  })
}
