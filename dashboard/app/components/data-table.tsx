import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  type SortingState,
  useReactTable,
} from "@tanstack/react-table";
import { useState } from "react";
import { EmptyState } from "./empty-state";

interface DataTableProps<T> {
  data: T[];
  // biome-ignore lint/suspicious/noExplicitAny: TanStack column value types vary per column
  columns: ColumnDef<T, any>[];
  /** Text filter over every column (shown when given a label). */
  filterLabel?: string;
  empty: string;
  caption: string;
  initialSort?: SortingState;
  renderExpanded?: (row: T) => React.ReactNode;
  rowKey?: (row: T) => string;
}

/** Sortable, filterable table on TanStack Table (headless: our markup, our styles, ~14 KB). */
export function DataTable<T>({
  data,
  columns,
  filterLabel,
  empty,
  caption,
  initialSort,
  renderExpanded,
  rowKey,
}: DataTableProps<T>) {
  const [sorting, setSorting] = useState<SortingState>(initialSort ?? []);
  const [filter, setFilter] = useState("");
  const [open, setOpen] = useState<string | null>(null);
  const table = useReactTable({
    data,
    columns,
    state: { sorting, globalFilter: filter },
    onSortingChange: setSorting,
    onGlobalFilterChange: setFilter,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    ...(rowKey ? { getRowId: (row: T) => rowKey(row) } : {}),
  });
  const rows = table.getRowModel().rows;
  return (
    <div className="stack">
      {filterLabel && (
        <label style={{ maxWidth: 320 }}>
          {filterLabel}
          <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </label>
      )}
      {data.length === 0 ? (
        <EmptyState title={empty} />
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{caption}</caption>
            <thead>
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id}>
                  {renderExpanded && <th aria-label="Details" />}
                  {group.headers.map((h) => {
                    const sorted = h.column.getIsSorted();
                    return (
                      <th
                        key={h.id}
                        aria-sort={
                          sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined
                        }
                      >
                        {h.column.getCanSort() ? (
                          <button type="button" className="sort" onClick={h.column.getToggleSortingHandler()}>
                            {flexRender(h.column.columnDef.header, h.getContext())}
                            {sorted === "asc" ? " ▲" : sorted === "desc" ? " ▼" : ""}
                          </button>
                        ) : (
                          flexRender(h.column.columnDef.header, h.getContext())
                        )}
                      </th>
                    );
                  })}
                </tr>
              ))}
            </thead>
            <tbody>
              {rows.map((row) => (
                <RowWithDetail
                  key={row.id}
                  expanded={open === row.id}
                  onToggle={renderExpanded ? () => setOpen(open === row.id ? null : row.id) : undefined}
                  detail={renderExpanded && open === row.id ? renderExpanded(row.original) : null}
                  span={row.getVisibleCells().length + 1}
                >
                  {row.getVisibleCells().map((cell) => (
                    <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                  ))}
                </RowWithDetail>
              ))}
            </tbody>
          </table>
          {rows.length === 0 && <EmptyState title="Nothing matches the filter" />}
        </div>
      )}
    </div>
  );
}

function RowWithDetail(props: {
  children: React.ReactNode;
  expanded: boolean;
  onToggle: (() => void) | undefined;
  detail: React.ReactNode;
  span: number;
}) {
  return (
    <>
      <tr>
        {props.onToggle && (
          <td>
            <button type="button" className="link" aria-expanded={props.expanded} onClick={props.onToggle}>
              {props.expanded ? "Hide" : "Show"}
            </button>
          </td>
        )}
        {props.children}
      </tr>
      {props.expanded && (
        <tr>
          <td colSpan={props.span}>{props.detail}</td>
        </tr>
      )}
    </>
  );
}
