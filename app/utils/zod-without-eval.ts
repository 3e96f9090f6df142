import { z } from 'zod'

/**
 * Zod compiles object parsers with `new Function` where it may, and probes
 * for that when a schema is built. In the browser our Content-Security-Policy
 * forbids eval, so the probe alone is a reported violation: switch it off
 * there. root.tsx imports this first, so it runs before any route module
 * builds a schema. The server keeps the faster compiled parsers.
 */
if (typeof document !== 'undefined') z.config({ jitless: true })
