const secretKeys = new Set([
  'token',
  'secret',
  'password',
  'key',
  'apikey',
  'code',
  'codes',
  'challenge',
  'cookie',
  'authorization',
  'publickey',
  'authtoken',
  'credentials',
])
const secretSuffixes = ['hash', 'token', 'secret', 'password']

function isSecretKey(key: string) {
  const k = key.toLowerCase()
  return secretKeys.has(k) || secretSuffixes.some((suffix) => k.endsWith(suffix))
}

/** A copy of `value` with secret-looking fields replaced, for audit summaries and logs. */
export function redactSecrets<T>(value: T, depth = 0): T {
  if (depth > 8 || value === null || typeof value !== 'object') return value
  if (value instanceof Date) return value
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1)) as T
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    out[key] = isSecretKey(key) && v !== null && v !== undefined ? '[redacted]' : redactSecrets(v, depth + 1)
  }
  return out as T
}
