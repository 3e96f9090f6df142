/**
 * Which of the organization's numbers sends to each recipient: the number
 * that texted it before (sticky, so a person sees one number), else one with
 * the recipient's area code, else one in the recipient's state, else one in
 * the same time zone, else any — among those, the one with the most capacity
 * left today. A recipient no number has capacity for gets none.
 */
export type SenderCandidate = {
  id: string
  e164: string
  areaCode: string
  state: string | null
  zone: string | null
  /** Messages it may still send today (its own cap and its account's, less what is already queued or sent). */
  remaining: number
  accountId: string
}

export type SenderRecipient = { to: string; areaCode: string | null; state: string | null; zone: string | null; stickyFrom: string | null }

export type SenderChoice = { senderId: string; from: string; match: 'sticky' | 'area_code' | 'state' | 'zone' | 'any' } | null

export function chooseSenders(
  recipients: readonly SenderRecipient[],
  candidates: readonly SenderCandidate[],
  accountRemaining: Map<string, number>,
): SenderChoice[] {
  const left = new Map(candidates.map((c) => [c.id, c.remaining]))
  const accountLeft = new Map(accountRemaining)
  const hasRoom = (c: SenderCandidate) => (left.get(c.id) ?? 0) > 0 && (accountLeft.get(c.accountId) ?? 0) > 0
  const take = (c: SenderCandidate, match: Exclude<SenderChoice, null>['match']): SenderChoice => {
    left.set(c.id, left.get(c.id)! - 1)
    accountLeft.set(c.accountId, accountLeft.get(c.accountId)! - 1)
    return { senderId: c.id, from: c.e164, match }
  }
  const best = (pool: SenderCandidate[]) => pool.filter(hasRoom).sort((a, b) => left.get(b.id)! - left.get(a.id)!)[0]

  return recipients.map((r) => {
    const sticky = r.stickyFrom ? candidates.find((c) => c.e164 === r.stickyFrom) : undefined
    if (sticky && hasRoom(sticky)) return take(sticky, 'sticky')
    const byArea = r.areaCode ? best(candidates.filter((c) => c.areaCode === r.areaCode)) : undefined
    if (byArea) return take(byArea, 'area_code')
    const byState = r.state ? best(candidates.filter((c) => c.state === r.state)) : undefined
    if (byState) return take(byState, 'state')
    const byZone = r.zone ? best(candidates.filter((c) => c.zone === r.zone)) : undefined
    if (byZone) return take(byZone, 'zone')
    const any = best([...candidates])
    return any ? take(any, 'any') : null
  })
}
