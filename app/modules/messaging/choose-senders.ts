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
  const left = candidates.map((c) => c.remaining)
  const accountLeft = new Map(accountRemaining)
  const hasRoom = (i: number) => left[i]! > 0 && (accountLeft.get(candidates[i]!.accountId) ?? 0) > 0
  const take = (i: number, match: Exclude<SenderChoice, null>['match']): SenderChoice => {
    const c = candidates[i]!
    left[i]!--
    accountLeft.set(c.accountId, accountLeft.get(c.accountId)! - 1)
    return { senderId: c.id, from: c.e164, match }
  }
  // Each pool (an area code, a state, a zone, all of them) keeps its numbers in a heap by capacity left (most
  // first, then in the candidates' order), so a recipient costs O(log numbers) rather than a filter and a sort of
  // them all. Capacity only goes down: an entry whose recorded capacity is stale is put back with the current one.
  const byE164 = new Map<string, number>()
  const pools = { areaCode: new Map<string, CapacityHeap>(), state: new Map<string, CapacityHeap>(), zone: new Map<string, CapacityHeap>() }
  const all = new CapacityHeap()
  const poolOf = (map: Map<string, CapacityHeap>, key: string) => {
    let heap = map.get(key)
    if (!heap) map.set(key, (heap = new CapacityHeap()))
    return heap
  }
  candidates.forEach((c, i) => {
    if (!byE164.has(c.e164)) byE164.set(c.e164, i)
    if (left[i]! <= 0) return
    poolOf(pools.areaCode, c.areaCode).push(left[i]!, i)
    if (c.state !== null) poolOf(pools.state, c.state).push(left[i]!, i)
    if (c.zone !== null) poolOf(pools.zone, c.zone).push(left[i]!, i)
    all.push(left[i]!, i)
  })
  const best = (heap: CapacityHeap | undefined) => {
    while (heap && heap.size > 0) {
      const [recorded, i] = heap.top()
      if (!hasRoom(i)) heap.pop() // out of capacity for good: neither a number's nor an account's grows back
      else if (recorded !== left[i]) heap.replaceTop(left[i]!, i)
      else return i
    }
    return undefined
  }

  return recipients.map((r) => {
    const sticky = r.stickyFrom ? byE164.get(r.stickyFrom) : undefined
    if (sticky !== undefined && hasRoom(sticky)) return take(sticky, 'sticky')
    const byArea = r.areaCode ? best(pools.areaCode.get(r.areaCode)) : undefined
    if (byArea !== undefined) return take(byArea, 'area_code')
    const byState = r.state ? best(pools.state.get(r.state)) : undefined
    if (byState !== undefined) return take(byState, 'state')
    const byZone = r.zone ? best(pools.zone.get(r.zone)) : undefined
    if (byZone !== undefined) return take(byZone, 'zone')
    const any = best(all)
    return any !== undefined ? take(any, 'any') : null
  })
}

/** A binary heap of (capacity, candidate index): the most capacity on top, the lower index among equals. */
class CapacityHeap {
  private readonly capacity: number[] = []
  private readonly index: number[] = []
  get size() {
    return this.index.length
  }
  top(): [number, number] {
    return [this.capacity[0]!, this.index[0]!]
  }
  push(capacity: number, index: number) {
    this.capacity.push(capacity)
    this.index.push(index)
    this.up(this.index.length - 1)
  }
  pop() {
    const lastCapacity = this.capacity.pop()!
    const lastIndex = this.index.pop()!
    if (this.index.length > 0) this.replaceTop(lastCapacity, lastIndex)
  }
  replaceTop(capacity: number, index: number) {
    this.capacity[0] = capacity
    this.index[0] = index
    this.down(0)
  }
  private before(a: number, b: number) {
    return this.capacity[a]! > this.capacity[b]! || (this.capacity[a] === this.capacity[b] && this.index[a]! < this.index[b]!)
  }
  private swap(a: number, b: number) {
    ;[this.capacity[a], this.capacity[b]] = [this.capacity[b]!, this.capacity[a]!]
    ;[this.index[a], this.index[b]] = [this.index[b]!, this.index[a]!]
  }
  private up(at: number) {
    while (at > 0) {
      const parent = (at - 1) >> 1
      if (!this.before(at, parent)) return
      this.swap(at, parent)
      at = parent
    }
  }
  private down(at: number) {
    for (;;) {
      const l = 2 * at + 1
      const r = l + 1
      let first = at
      if (l < this.index.length && this.before(l, first)) first = l
      if (r < this.index.length && this.before(r, first)) first = r
      if (first === at) return
      this.swap(at, first)
      at = first
    }
  }
}
