/**
 * Permissions are data (`action:entity:access`, seeded by a migration and
 * granted to roles). The server checks them with `requireUserWithPermission`;
 * the UI mirrors the same check to hide what a user may not do.
 */
export type PermissionString = `${string}:${string}:${'any' | 'own'}`

export function userHasPermission(user: { permissions: readonly string[] } | null | undefined, permission: PermissionString) {
  return Boolean(user?.permissions.includes(permission))
}
