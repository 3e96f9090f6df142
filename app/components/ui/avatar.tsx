import { Avatar as AvatarPrimitive } from 'radix-ui'
import { cn } from '~/utils/cn'

/**
 * Avatar backgrounds, each dark enough for white initials (4.5:1 at least).
 * Classes, not a `style` attribute: the Content-Security-Policy admits no
 * inline styles in the HTML. The class names are written out for Tailwind.
 */
const palette = [
  { color: '#3150d1', className: 'bg-[#3150d1]' },
  { color: '#0b7a53', className: 'bg-[#0b7a53]' },
  { color: '#b5571b', className: 'bg-[#b5571b]' },
  { color: '#8a3fd1', className: 'bg-[#8a3fd1]' },
  { color: '#c2185b', className: 'bg-[#c2185b]' },
  { color: '#00798a', className: 'bg-[#00798a]' },
  { color: '#6d4c41', className: 'bg-[#6d4c41]' },
  { color: '#5061b8', className: 'bg-[#5061b8]' },
] as const

export const avatarPalette: readonly string[] = palette.map((entry) => entry.color)

function paletteEntry(seed: string) {
  let hash = 0
  for (const char of seed) hash = (hash * 31 + char.charCodeAt(0)) | 0
  return palette[Math.abs(hash) % palette.length]!
}

/** A stable color per person, so the same teammate looks the same everywhere. */
export function avatarColor(seed: string) {
  return paletteEntry(seed).color
}

export function initials(name: string) {
  const parts = name.trim().split(/\s+/).filter(Boolean)
  const letters = parts.length > 1 ? [parts[0]![0], parts[parts.length - 1]![0]] : [parts[0]?.[0], parts[0]?.[1]]
  return letters.filter(Boolean).join('').toUpperCase() || '?'
}

export function Avatar({
  name,
  seed,
  imageUrl,
  className,
}: {
  name: string
  seed?: string
  imageUrl?: string
  className?: string
}) {
  return (
    <AvatarPrimitive.Root
      className={cn(
        'inline-flex size-8 shrink-0 select-none items-center justify-center overflow-hidden rounded-full',
        paletteEntry(seed ?? name).className,
        className,
      )}
      title={name}
      role="img"
      aria-label={name}
    >
      {imageUrl ? <AvatarPrimitive.Image src={imageUrl} alt={name} className="size-full object-cover" /> : null}
      <AvatarPrimitive.Fallback className="text-xs font-semibold text-white" delayMs={imageUrl ? 300 : 0} aria-hidden>
        {initials(name)}
      </AvatarPrimitive.Fallback>
    </AvatarPrimitive.Root>
  )
}
