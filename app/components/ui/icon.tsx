import {
  FileText,
  FileUp,
  Activity,
  Building2,
  UserRound,
  AlertTriangle,
  ArrowDown,
  ArrowUp,
  Check,
  ClipboardList,
  ChevronLeft,
  ChevronRight,
  CircleHelp,
  Contact,
  Copy,
  Gauge,
  Lock,
  LogOut,
  Megaphone,
  Menu,
  Send,
  MessagesSquare,
  Monitor,
  Moon,
  Settings,
  Sun,
  Workflow,
  X,
  type LucideIcon,
} from 'lucide-react'
import { cn } from '~/utils/cn'

/**
 * The icon-pack abstraction: components ask for a meaning ("leads"), never
 * for a pack's glyph. Switching packs means changing this table only.
 */
const icons = {
  dashboard: Gauge,
  leads: Contact,
  imports: FileUp,
  campaigns: Megaphone,
  pipeline: Workflow,
  conversations: MessagesSquare,
  sends: Send,
  templates: FileText,
  forms: ClipboardList,
  jobs: Activity,
  settings: Settings,
  account: UserRound,
  platform: Building2,
  menu: Menu,
  close: X,
  'sign-out': LogOut,
  'theme-light': Sun,
  'theme-dark': Moon,
  'theme-system': Monitor,
  check: Check,
  previous: ChevronLeft,
  next: ChevronRight,
  'sorted-descending': ArrowDown,
  'sorted-ascending': ArrowUp,
  warning: AlertTriangle,
  help: CircleHelp,
  copy: Copy,
  lock: Lock,
} satisfies Record<string, LucideIcon>

export type IconName = keyof typeof icons

export function Icon({
  name,
  className,
  label,
}: {
  name: IconName
  className?: string
  /** Set when the icon carries meaning on its own; otherwise it is hidden from screen readers. */
  label?: string
}) {
  const Glyph = icons[name]
  return (
    <Glyph
      className={cn('size-4 shrink-0', className)}
      strokeWidth={1.75}
      aria-hidden={label ? undefined : true}
      aria-label={label}
      role={label ? 'img' : undefined}
    />
  )
}
