import type { ReactNode } from 'react';
import { Missing, useCaseApi } from '../lib.tsx';
import { AlertsQueue } from './screening/AlertsQueue.tsx';
import { ListLabel } from './screening/Features.tsx';
import { ScreenNames } from './screening/ScreenNames.tsx';

/**
 * Sanctions screening (issue 20, item 6): names pasted or uploaded and their hits, each with
 * the engine's features and the list's name, issuer and date; the watchlist's alerts on the
 * case's parties; the lists loaded. Decisions made here feed the calibration.
 */
export default function ScreeningPage(): ReactNode {
  const lists = useCaseApi('lists');
  return (
    <section>
      <div className="page-head">
        <h1>Screening</h1>
      </div>
      <div className="card" data-testid="lists">
        <h2>Lists loaded</h2>
        <Missing loaded={lists} what="lists" />
        {lists.data && lists.data.items.length === 0 ? (
          <p className="muted">
            No list loaded: `chokepoint import sanctions FILE`, or the Imports page.
          </p>
        ) : null}
        <ul>
          {(lists.data?.items ?? []).map((l) => (
            <li key={l.id} data-list={l.id}>
              <ListLabel name={l.name} title={l.title} issuer={l.issuer} published={l.published} />{' '}
              <span className="small muted">
                version {l.version ?? '—'}, {l.entities} entries
                {l.last_import
                  ? ` (last import: ${l.last_import.added} added, ${l.last_import.changed} changed, ${l.last_import.removed} removed)`
                  : ''}
              </span>
            </li>
          ))}
        </ul>
      </div>
      <ScreenNames />
      <AlertsQueue />
    </section>
  );
}
