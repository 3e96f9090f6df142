import { prisma } from '~/utils/db.server'

export type ThemePreference = 'system' | 'light' | 'dark'

export async function setThemePreference(options: { userId: string; theme: ThemePreference }) {
  await prisma.user.update({ where: { id: options.userId }, data: { themePreference: options.theme } })
}
