import { useState, type ReactNode } from 'react';
import { TableHead } from '../../components/TableHead.tsx';
import { fmt, Missing, useCaseApi } from '../../lib.tsx';
import type { Schemas } from '../../api.ts';
import { TracePanel } from './TracePanel.tsx';

/** An item row: a serial search hit, or an item of the chosen seizure (which has every field). */
type Item = Schemas['SerialHit'] | Schemas['SeizureItem'];
const field = (it: Item, k: Exclude<keyof Schemas['SeizureItem'], keyof Schemas['SerialHit']>) =>
  k in it ? (it as Schemas['SeizureItem'])[k] : null;

const MAX_ROWS = 500;

/** Items: a serial search across the case, or the chosen seizure's own items. */
export function ItemSearch({
  selected,
  item = null,
}: {
  selected: string | null;
  /** An item opened from elsewhere (the search box): its trace is shown at once. */
  item?: string | null;
}): ReactNode {
  const [serial, setSerial] = useState('');
  const [serialQuery, setSerialQuery] = useState('');
  const [traced, setTraced] = useState<string | null>(item);
  const searched = useCaseApi(serialQuery ? 'items' : null, {
    serial: /[*?]/.test(serialQuery) ? serialQuery : `*${serialQuery}*`,
    limit: MAX_ROWS,
  });
  const detail = useCaseApi(!serialQuery && selected ? 'seizures/{id}' : null, {
    id: selected ?? undefined,
  });
  const items = serialQuery ? searched : detail;
  const allItems: Item[] = items.data?.items ?? [];
  const itemRows = allItems.slice(0, MAX_ROWS);
  return (
    <div className="card">
      <h2>Items</h2>
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSerialQuery(serial.trim());
        }}
      >
        <label>
          Serial number (part of it, or a glob like 56-*-12)
          <input
            value={serial}
            onChange={(e) => setSerial(e.target.value)}
            data-testid="serial-search"
          />
        </label>
        <button type="submit">Search</button>
        {serialQuery ? (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setSerial('');
              setSerialQuery('');
            }}
          >
            Clear
          </button>
        ) : null}
      </form>
      <Missing loaded={items} what="items" />
      {!serialQuery && !selected ? (
        <p className="muted">
          Choose a seizure above, or search a serial number across all seizures.
        </p>
      ) : null}
      {serialQuery && searched.data ? (
        <p className="muted" data-testid="serial-total">
          {fmt(searched.data.total)} item(s) match “{serialQuery}”
        </p>
      ) : null}
      {allItems.length > itemRows.length ? (
        <p className="muted">
          Showing the first {itemRows.length} of {fmt(allItems.length)} items: search a serial to
          narrow.
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="data" data-testid="items">
          <TableHead
            columns={[
              'Seizure',
              'Item',
              'Type',
              'Model',
              'Manufacturer',
              'Country',
              'Calibre',
              'Serial',
              'Lot',
              'In weapon',
              'Notes',
              '',
            ]}
          />
          <tbody>
            {itemRows.map((it) => (
              <tr key={`${it.seizure_id}/${it.item_id}`}>
                <td>{it.seizure_id}</td>
                <td>{it.item_id}</td>
                <td>{it.type}</td>
                <td>{it.model}</td>
                <td>{it.manufacturer}</td>
                <td>{field(it, 'country_of_manufacture')}</td>
                <td>{field(it, 'calibre')}</td>
                <td className="serial">{it.serial_number}</td>
                <td>{it.lot}</td>
                <td>{it.parent_item_id}</td>
                <td>{field(it, 'notes')}</td>
                <td>
                  <button
                    type="button"
                    className="secondary"
                    data-testid="trace-item"
                    onClick={() => setTraced(it.item_id)}
                  >
                    Trace
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {traced ? <TracePanel itemId={traced} onClose={() => setTraced(null)} /> : null}
    </div>
  );
}
