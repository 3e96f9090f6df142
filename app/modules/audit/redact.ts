// Compared without case, `_` or `-`: `api_key`, `apiKey` and `API-KEY` are one key.
const secretKeys = new Set([
  'token',
  'secret',
  'password',
  'passphrase',
  'key',
  'apikey',
  'code',
  'codes',
  'otp',
  'challenge',
  'cookie',
  'setcookie',
  'authorization',
  'publickey',
  'privatekey',
  'authtoken',
  'credential',
  'credentials',
  'recoverycode',
  'recoverycodes',
  'signature',
])
const secretSuffixes = ['hash', 'token', 'tokens', 'secret', 'password', 'apikey', 'privatekey', 'signingkey', 'credentials']

function isSecretKey(key: string) {
  const k = key.toLowerCase().replace(/[_-]/g, '')
  return secretKeys.has(k) || secretSuffixes.some((suffix) => k.endsWith(suffix))
}

const MAX_DEPTH = 8

/** A copy of `value` with secret-looking fields replaced, for audit summaries and logs. */
export function redactSecrets<T>(value: T, depth = 0): T {
  if (value === null || typeof value !== 'object') return value
  if (value instanceof Date) return value
  // Deeper than anyone summarizes on purpose; cut rather than pass it on unchecked.
  if (depth > MAX_DEPTH) return '[truncated]' as T
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1)) as T
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    out[key] = isSecretKey(key) && v !== null && v !== undefined ? '[redacted]' : redactSecrets(v, depth + 1)
  }
  return out as T
}
