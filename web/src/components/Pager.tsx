import type { ReactNode } from 'react';

/** Previous and Next over a list of `total` items, `size` a page, from `offset`. */
export function Pager({
  offset,
  size,
  total,
  onOffset,
}: {
  offset: number;
  size: number;
  total: number;
  onOffset: (offset: number) => void;
}): ReactNode {
  return (
    <div className="filters" style={{ marginTop: '0.5rem' }}>
      <button
        className="secondary"
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - size))}
      >
        Previous
      </button>
      <button
        className="secondary"
        disabled={offset + size >= total}
        onClick={() => onOffset(offset + size)}
      >
        Next
      </button>
    </div>
  );
}
