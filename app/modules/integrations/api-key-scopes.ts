/**
 * What an API key may do. Shared by the server and the settings page, so
 * this file must stay free of server-only imports.
 */
export const API_SCOPES = [
  'leads:read',
  'leads:write',
  'imports:write',
  'imports:read',
  'campaigns:read',
  'campaigns:write',
  'messages:send',
  'messages:read',
  'consent:write',
  'consent:read',
  'conversations:read',
  'webhooks:manage',
  'refs:read',
  'refs:write',
  'conversations:write',
  'numbers:read',
  'numbers:write',
  'forms:read',
  'forms:write',
] as const

export type ApiScope = (typeof API_SCOPES)[number]

export const API_SCOPE_DESCRIPTIONS: Record<ApiScope, string> = {
  'leads:read': 'Read leads and their identities',
  'leads:write': 'Create and update leads',
  'imports:write': 'Upload lead files and start, pause, resume or cancel imports',
  'imports:read': 'Read imports: status, progress, counts and row errors',
  'campaigns:read': 'Read templates, campaigns and crusades',
  'campaigns:write': 'Create and change templates, campaigns and crusades, and launch campaigns',
  'messages:send': 'Send messages (always through the compliance gate)',
  'messages:read': 'Read the messages sent: status, delivery and why one was blocked',
  'consent:write': 'Record opt-outs, revocations and consent grants with their evidence',
  'consent:read': 'Read where a phone number stands (consent, opt-outs, lists) and the events behind it',
  'conversations:read': 'Read conversations and messages',
  'webhooks:manage': 'Manage webhook endpoints',
  'refs:read': 'Find which entity an external system’s id names (external refs)',
  'refs:write': 'Map entities to external systems’ ids, and remove those mappings',
  'conversations:write': 'Close, reopen and assign conversations',
  'numbers:read': 'Read the sender numbers: status, caps and today’s sends',
  'numbers:write': 'Pause and resume sender numbers',
  'forms:read': 'Read lead-capture forms and their submissions with the consent evidence',
  'forms:write': 'Create and change lead-capture forms',
}

export function isApiScope(value: string): value is ApiScope {
  return (API_SCOPES as readonly string[]).includes(value)
}

export const API_KEY_NAME_MAX_LENGTH = 80
export const DEFAULT_API_RATE_LIMIT_PER_MINUTE = 600
export const MAX_API_RATE_LIMIT_PER_MINUTE = 10_000
