import { Form } from '@remix-run/react'
import { Avatar } from '~/components/ui/avatar'
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '~/components/ui/dropdown-menu'
import { Icon } from '~/components/ui/icon'

export function UserMenu({ user }: { user: { id: string; name: string; email: string; role: string } }) {
  return (
    <DropdownMenu>
      {/* Named by its content ("Account: " and the avatar's name), not by an
          aria-label, which would leave out the initials the button shows. */}
      <DropdownMenuTrigger className="inline-flex items-center gap-2 rounded-full p-0.5 hover:bg-muted" data-testid="user-menu">
        <span className="sr-only">Account: </span>
        <Avatar name={user.name} seed={user.id} />
      </DropdownMenuTrigger>
      <DropdownMenuContent>
        <DropdownMenuLabel>
          <div className="text-sm font-medium text-foreground">{user.name}</div>
          <div className="font-normal">{user.email}</div>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <Form method="post" action="/signout">
          {/* Keep the menu (and so the form) mounted: a form removed by the
              menu closing on select is never submitted. */}
          <DropdownMenuItem asChild onSelect={(event) => event.preventDefault()}>
            <button type="submit" className="w-full">
              <Icon name="sign-out" />
              Sign out
            </button>
          </DropdownMenuItem>
        </Form>
      </DropdownMenuContent>
    </DropdownMenu>
  )
}
