/** The row errors an import reported, summed over their kinds (`counts.errorsByType`); 0 before RECORD has counted any. */
export function importErrorTotal(counts: unknown): number {
  const byType = (counts as { errorsByType?: unknown } | null)?.errorsByType
  if (!byType || typeof byType !== 'object') return 0
  return Object.values(byType as Record<string, unknown>).reduce<number>((sum, n) => sum + (typeof n === 'number' ? n : 0), 0)
}
