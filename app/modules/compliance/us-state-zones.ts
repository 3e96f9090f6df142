import { STATE_CODES } from '~/modules/ingest/resolve/usps-abbreviations'

/**
 * The IANA time zones each US state or territory spans (a state across two
 * zones lists both): the candidate zones an address gives. Zones with the
 * same rules as one listed (e.g. the other Indiana and Kentucky zones) are
 * left out; what matters is every local clock the state can show.
 */
export const STATE_ZONES: Readonly<Record<string, readonly string[]>> = {
  AL: ['America/Chicago'],
  AK: ['America/Anchorage', 'America/Adak', 'America/Juneau', 'America/Sitka', 'America/Nome', 'America/Yakutat', 'America/Metlakatla'],
  AZ: ['America/Phoenix', 'America/Denver'],
  AR: ['America/Chicago'],
  CA: ['America/Los_Angeles'],
  CO: ['America/Denver'],
  CT: ['America/New_York'],
  DE: ['America/New_York'],
  DC: ['America/New_York'],
  FL: ['America/New_York', 'America/Chicago'],
  GA: ['America/New_York'],
  HI: ['Pacific/Honolulu'],
  ID: ['America/Boise', 'America/Los_Angeles'],
  IL: ['America/Chicago'],
  IN: ['America/Indiana/Indianapolis', 'America/Chicago'],
  IA: ['America/Chicago'],
  KS: ['America/Chicago', 'America/Denver'],
  KY: ['America/New_York', 'America/Chicago'],
  LA: ['America/Chicago'],
  ME: ['America/New_York'],
  MD: ['America/New_York'],
  MA: ['America/New_York'],
  MI: ['America/Detroit', 'America/Menominee'],
  MN: ['America/Chicago'],
  MS: ['America/Chicago'],
  MO: ['America/Chicago'],
  MT: ['America/Denver'],
  NE: ['America/Chicago', 'America/Denver'],
  NV: ['America/Los_Angeles', 'America/Denver'],
  NH: ['America/New_York'],
  NJ: ['America/New_York'],
  NM: ['America/Denver'],
  NY: ['America/New_York'],
  NC: ['America/New_York'],
  ND: ['America/Chicago', 'America/Denver'],
  OH: ['America/New_York'],
  OK: ['America/Chicago'],
  OR: ['America/Los_Angeles', 'America/Boise'],
  PA: ['America/New_York'],
  RI: ['America/New_York'],
  SC: ['America/New_York'],
  SD: ['America/Chicago', 'America/Denver'],
  TN: ['America/Chicago', 'America/New_York'],
  TX: ['America/Chicago', 'America/Denver'],
  UT: ['America/Denver'],
  VT: ['America/New_York'],
  VA: ['America/New_York'],
  WA: ['America/Los_Angeles'],
  WV: ['America/New_York'],
  WI: ['America/Chicago'],
  WY: ['America/Denver'],
  PR: ['America/Puerto_Rico'],
  VI: ['America/St_Thomas'],
  GU: ['Pacific/Guam'],
  MP: ['Pacific/Saipan'],
  AS: ['Pacific/Pago_Pago'],
}

// Names the phone geocoder writes that the USPS table does not hold.
const GEOCODER_NAMES: Readonly<Record<string, string>> = { 'WASHINGTON STATE': 'WA', 'WASHINGTON D.C.': 'DC', 'US VIRGIN ISLANDS': 'VI' }

/** A state or territory's USPS code from its code or name in any case (`tx`, `Texas`, `Washington State`), or null. */
export function usStateCode(text: string): string | null {
  const key = text.trim().toUpperCase()
  const code = STATE_CODES.get(key) ?? GEOCODER_NAMES[key] ?? null
  return code && code in STATE_ZONES ? code : null
}

/** Every zone of every state: the candidates when an address names a state we cannot read. */
export const ALL_STATE_ZONES: readonly string[] = [...new Set(Object.values(STATE_ZONES).flat())].sort()
