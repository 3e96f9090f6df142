import { Avatar as AvatarPrimitive } from 'radix-ui'
import { cn } from '~/utils/cn'

const palette = ['#3150d1', '#0f8a5f', '#b5571b', '#8a3fd1', '#c2185b', '#00838f', '#6d4c41', '#5c6bc0']

/** A stable color per person, so the same teammate looks the same everywhere. */
export function avatarColor(seed: string) {
  let hash = 0
  for (const char of seed) hash = (hash * 31 + char.charCodeAt(0)) | 0
  return palette[Math.abs(hash) % palette.length]!
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
      className={cn('inline-flex size-8 shrink-0 select-none items-center justify-center overflow-hidden rounded-full', className)}
      style={{ backgroundColor: avatarColor(seed ?? name) }}
      title={name}
    >
      {imageUrl ? <AvatarPrimitive.Image src={imageUrl} alt={name} className="size-full object-cover" /> : null}
      <AvatarPrimitive.Fallback className="text-xs font-semibold text-white" delayMs={imageUrl ? 300 : 0}>
        {initials(name)}
      </AvatarPrimitive.Fallback>
    </AvatarPrimitive.Root>
  )
}
