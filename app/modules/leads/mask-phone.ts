/** "+12125550142" → "+1 (212) ***-0142": enough to tell numbers apart, not to dial. */
export function maskPhone(e164: string): string {
  const nanp = /^\+1(\d{3})\d{3}(\d{4})$/.exec(e164)
  if (nanp) return `+1 (${nanp[1]}) ***-${nanp[2]}`
  return e164.length > 6 ? `${e164.slice(0, 3)}${'*'.repeat(e164.length - 7)}${e164.slice(-4)}` : '****'
}
