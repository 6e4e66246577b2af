import type { ReactNode } from 'react';

interface DataTableProps {
  /** Column headings, left to right. */
  columns: readonly ReactNode[];
  /** Read out by screen readers; shown too when `showCaption`. */
  caption?: ReactNode;
  showCaption?: boolean;
  className?: string;
  /** The body's rows. */
  children: ReactNode;
}

/** A table that scrolls sideways inside its own box on a phone instead of widening the page. */
export function DataTable({ columns, caption, showCaption = false, className, children }: DataTableProps) {
  return (
    <div className="table-scroll">
      <table className={className}>
        {caption ? <caption className={showCaption ? undefined : 'visually-hidden'}>{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th key={i} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
