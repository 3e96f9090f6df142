import { useFetcher } from '@remix-run/react'
import { Button } from '~/components/ui/button'
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuTrigger,
} from '~/components/ui/dropdown-menu'
import { Icon } from '~/components/ui/icon'
import type { action } from '~/routes/resources.theme'

type Theme = 'system' | 'light' | 'dark'
const labels: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark' }

/** Saves the user's theme; the page switches at once (optimistically). */
export function ThemeMenu({ theme }: { theme: Theme }) {
  const fetcher = useFetcher<typeof action>({ key: 'theme' })
  const pending = fetcher.formData?.get('theme')
  const current = (typeof pending === 'string' ? pending : theme) as Theme
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" aria-label={`Theme: ${labels[current]}`} data-testid="theme-menu">
          <Icon name={`theme-${current}`} />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent>
        <DropdownMenuLabel>Theme</DropdownMenuLabel>
        <DropdownMenuRadioGroup
          value={current}
          onValueChange={(value) => {
            document.documentElement.dataset.theme = value
            fetcher.submit({ theme: value }, { method: 'post', action: '/resources/theme' })
          }}
        >
          {(Object.keys(labels) as Theme[]).map((value) => (
            <DropdownMenuRadioItem key={value} value={value}>
              <Icon name={`theme-${value}`} />
              {labels[value]}
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
      </DropdownMenuContent>
    </DropdownMenu>
  )
}
