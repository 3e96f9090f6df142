import type { ApiScope } from './api-key-scopes'
import { isApiScope } from './api-key-scopes'

export type ApiKeyStatus = 'active' | 'revoked' | 'expired'

export type ApiKeySummary = {
  id: string
  name: string
  prefix: string
  scopes: ApiScope[]
  rateLimitPerMinute: number
  createdAt: Date
  lastUsedAt: Date | null
  expiresAt: Date | null
  revokedAt: Date | null
  status: ApiKeyStatus
}

export const apiKeySummarySelect = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  rateLimitPerMinute: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
} as const

type ApiKeyRow = Omit<ApiKeySummary, 'scopes' | 'status'> & { scopes: string[] }

export function apiKeyStatus(row: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): ApiKeyStatus {
  if (row.revokedAt) return 'revoked'
  if (row.expiresAt && row.expiresAt <= now) return 'expired'
  return 'active'
}

export function toApiKeySummary(row: ApiKeyRow, now: Date): ApiKeySummary {
  // A scope this version no longer knows grants nothing.
  return { ...row, scopes: row.scopes.filter(isApiScope), status: apiKeyStatus(row, now) }
}
