import { Link } from '@remix-run/react'
import {
  createColumnHelper,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type RowSelectionState,
  type SortingState,
  type Updater,
} from '@tanstack/react-table'
import { useWindowVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { Table, Td, Th } from '~/components/ui/table'
import { Icon } from '~/components/ui/icon'
import type { LeadListItem, LeadOrder } from '~/modules/leads/list-leads.server'
import { cn } from '~/utils/cn'

export const leadStatusStyles: Record<string, string> = {
  new: 'bg-accent text-accent-foreground',
  contacted: 'bg-muted text-foreground',
  replied: 'bg-success/15 text-success',
  qualified: 'bg-success/15 font-semibold text-success',
  closed: 'bg-muted text-muted-foreground',
}

/** A layout effect in the browser; on the server (where none runs) an effect, which React does not warn about. */
const useBrowserLayoutEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect

/** Row height before measuring (px): a one-line row of the table. */
const ESTIMATED_ROW_HEIGHT = 37
/** Rows rendered beyond the screen on either side, so a quick scroll shows no blank. */
const OVERSCAN = 12
/** What the server (and the first render in the browser) assumes the window is: renders about 30 rows. */
const INITIAL_WINDOW = { width: 1280, height: 1000 }

// Selection and sort are the table's state, held by the page (selection is shared with the phone cards, sort is in the URL).
const features = tableFeatures({ rowSortingFeature, rowSelectionFeature })
const column = createColumnHelper<typeof features, LeadListItem>()

const dataColumns = column.columns([
  column.accessor('name', {
    header: 'Name',
    enableSorting: false,
    cell: (info) => (
      <Link to={`/leads/${info.row.original.id}`} className="underline-offset-2 hover:underline">
        {info.getValue()}
      </Link>
    ),
  }),
  column.accessor('phone', { header: 'Phone', enableSorting: false, cell: (info) => info.getValue() ?? '—' }),
  column.display({
    id: 'location',
    header: 'Location',
    cell: (info) => `${info.row.original.city}, ${info.row.original.state}`,
  }),
  column.accessor('status', {
    header: 'Status',
    enableSorting: false,
    cell: (info) => <span className={cn('rounded px-2 py-0.5 text-xs capitalize', leadStatusStyles[info.getValue()])}>{info.getValue()}</span>,
  }),
  column.accessor('grade', { header: 'Grade', enableSorting: false, cell: (info) => info.getValue() ?? '—' }),
  // The day in UTC: the same on the server and in the browser.
  column.accessor('createdAt', { header: 'Added', cell: (info) => <time dateTime={info.getValue()}>{info.getValue().slice(0, 10)}</time> }),
])

const selectColumn = column.display({
  id: 'select',
  header: ({ table }) => (
    <input
      type="checkbox"
      aria-label="Select every lead on this page"
      checked={table.getIsAllRowsSelected()}
      onChange={(event) => table.toggleAllRowsSelected(event.currentTarget.checked)}
      className="size-4 accent-primary"
    />
  ),
  cell: ({ row }) => (
    // Named, so a rendered row's box is the form's field; chosen rows out of view go as hidden fields (below).
    <input
      type="checkbox"
      name="leadId"
      value={row.id}
      aria-label={`Select ${row.original.name}`}
      checked={row.getIsSelected()}
      onChange={(event) => row.toggleSelected(event.currentTarget.checked)}
      className="size-4 accent-primary"
    />
  ),
})

const getRowId = (lead: LeadListItem) => lead.id

const columnsWithSelect = column.columns([selectColumn, ...dataColumns])

const cellClass: Record<string, string> = { select: 'w-10', name: 'font-medium', phone: 'font-mono text-xs' }

/**
 * Stands for the rows out of view: a cell as tall as they are. The height is
 * set through the DOM, not a style attribute, which the Content-Security-Policy
 * (style-src without 'unsafe-inline') would refuse in server-rendered HTML.
 */
function SpacerRow({ height, columns }: { height: number; columns: number }) {
  const ref = useRef<HTMLTableCellElement>(null)
  useBrowserLayoutEffect(() => {
    if (ref.current) ref.current.style.height = `${height}px`
  }, [height])
  return (
    <tr aria-hidden="true" data-testid="lead-grid-spacer">
      <td ref={ref} colSpan={columns} className="p-0" />
    </tr>
  )
}

function resolve<T>(updater: Updater<T>, old: T): T {
  return typeof updater === 'function' ? (updater as (old: T) => T)(old) : updater
}

/**
 * The desktop lead grid: TanStack Table holds the columns, the selection and
 * the (server-side) sort; TanStack Virtual renders only the rows near the
 * screen. The table stays a native <table>: rows out of view are replaced by
 * one spacer row above and one below (hidden from assistive technology),
 * and aria-rowcount/aria-rowindex tell where the rendered rows sit.
 */
export function LeadGrid({
  leads,
  canSelect,
  selected,
  onSelectedChange,
  order,
  orderHref,
}: {
  leads: LeadListItem[]
  canSelect: boolean
  selected: ReadonlySet<string>
  onSelectedChange: (next: ReadonlySet<string>) => void
  order: LeadOrder
  /** The URL of this view in the other order (back to the first page, filter kept). */
  orderHref: (order: LeadOrder) => string
}) {
  const rowSelection = useMemo<RowSelectionState>(() => Object.fromEntries([...selected].map((id) => [id, true])), [selected])
  const sorting = useMemo<SortingState>(() => [{ id: 'createdAt', desc: order === 'newest' }], [order])
  const table = useTable({
    features,
    columns: canSelect ? columnsWithSelect : dataColumns,
    data: leads,
    getRowId,
    state: { rowSelection, sorting },
    enableRowSelection: canSelect,
    onRowSelectionChange: (updater) => {
      const next = resolve(updater, rowSelection)
      onSelectedChange(new Set(Object.keys(next).filter((id) => next[id])))
    },
    // The server sorts (keyset order); the table only shows which order it is.
    manualSorting: true,
    enableSortingRemoval: false,
  })
  const rows = table.getRowModel().rows

  // The window scrolls the page and the table with it; the virtualizer needs where the rows start on the page.
  const bodyRef = useRef<HTMLTableSectionElement>(null)
  const [scrollMargin, setScrollMargin] = useState(0)
  useBrowserLayoutEffect(() => {
    const body = bodyRef.current
    if (!body) return
    const measure = () => setScrollMargin(Math.round(body.getBoundingClientRect().top + window.scrollY))
    measure()
    // Whatever grows or shrinks above the table (a send result, the dry run) moves its rows.
    const observer = new ResizeObserver(measure)
    observer.observe(document.body)
    return () => observer.disconnect()
  }, [])
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: () => ESTIMATED_ROW_HEIGHT,
    overscan: OVERSCAN,
    scrollMargin,
    getItemKey: (index) => rows[index]!.id,
    // The same first render on the server and in the browser; measured right after.
    initialRect: INITIAL_WINDOW,
    initialOffset: 0,
  })
  const items = virtualizer.getVirtualItems()
  const first = items[0]
  const last = items[items.length - 1]
  const paddingTop = first ? first.start - scrollMargin : 0
  const paddingBottom = last ? virtualizer.getTotalSize() - (last.end - scrollMargin) : 0
  const columnCount = table.getAllLeafColumns().length
  const rendered = new Set(items.map((item) => rows[item.index]!.id))

  return (
    <>
      {/* Chosen leads whose rows are not rendered (out of view, or on another page) still go with the form. */}
      {canSelect
        ? [...selected].filter((id) => !rendered.has(id)).map((id) => <input key={id} type="hidden" name="leadId" value={id} />)
        : null}
      <Table label="Leads" className="min-w-[720px]" aria-rowcount={rows.length + 1} data-testid="lead-grid">
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} aria-rowindex={1}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted()
                return (
                  <Th
                    key={header.id}
                    className={cellClass[header.column.id]}
                    aria-sort={sorted === 'desc' ? 'descending' : sorted === 'asc' ? 'ascending' : undefined}
                  >
                    {header.column.getCanSort() ? (
                      <Link
                        to={orderHref(order === 'newest' ? 'oldest' : 'newest')}
                        className="inline-flex items-center gap-1 uppercase underline-offset-2 hover:text-foreground hover:underline"
                        preventScrollReset
                      >
                        <table.FlexRender header={header} />
                        <Icon name={sorted === 'asc' ? 'sorted-ascending' : 'sorted-descending'} className="size-3.5" />
                        <span className="sr-only">{order === 'newest' ? ', newest first; show oldest first' : ', oldest first; show newest first'}</span>
                      </Link>
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </Th>
                )
              })}
            </tr>
          ))}
        </thead>
        <tbody ref={bodyRef}>
          {paddingTop > 0 ? <SpacerRow height={paddingTop} columns={columnCount} /> : null}
          {items.map((item) => {
            const row = rows[item.index]!
            return (
              <tr
                key={row.id}
                ref={virtualizer.measureElement}
                data-index={item.index}
                aria-rowindex={item.index + 2}
                className="hover:bg-muted/50"
                data-testid="lead-row"
              >
                {row.getAllCells().map((cell) => (
                  <Td key={cell.id} className={cellClass[cell.column.id]}>
                    <table.FlexRender cell={cell} />
                  </Td>
                ))}
              </tr>
            )
          })}
          {paddingBottom > 0 ? <SpacerRow height={paddingBottom} columns={columnCount} /> : null}
        </tbody>
      </Table>
    </>
  )
}
