import type { ReactNode } from 'react';

/** A column heading: plain text, or `num(label)` for a right-aligned number column. */
export type Column = string | { label: string; num: true };

export const num = (label: string): Column => ({ label, num: true });

/** The header row of a `data` table. */
export function TableHead({ columns }: { columns: readonly Column[] }): ReactNode {
  return (
    <thead>
      <tr>
        {columns.map((c, i) =>
          typeof c === 'string' ? (
            <th key={i}>{c}</th>
          ) : (
            <th key={i} className="num">
              {c.label}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}
