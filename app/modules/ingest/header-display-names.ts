/**
 * Distinct, stable names for a header row, for screens and column maps.
 * `import_files.header` keeps the row verbatim; this derives from it: a blank
 * name becomes `Column 7` (its 1-based position), a repeated one `Phone (2)`,
 * `Phone (3)`, skipping any name the header already uses.
 */
export function headerDisplayNames(header: readonly string[]): string[] {
  const taken = new Set(header.map((name) => name.trim()).filter((name) => name !== ''))
  const seen = new Set<string>()
  return header.map((raw, index) => {
    const name = raw.trim()
    if (name === '') return unique(`Column ${index + 1}`, taken, seen)
    if (!seen.has(name)) {
      seen.add(name)
      return name
    }
    for (let n = 2; ; n++) {
      const candidate = `${name} (${n})`
      if (!taken.has(candidate) && !seen.has(candidate)) {
        seen.add(candidate)
        return candidate
      }
    }
  })
}

function unique(name: string, taken: Set<string>, seen: Set<string>): string {
  let candidate = name
  for (let n = 2; taken.has(candidate) || seen.has(candidate); n++) candidate = `${name} (${n})`
  seen.add(candidate)
  return candidate
}
