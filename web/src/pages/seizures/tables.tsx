import type { ReactNode } from 'react';
import { num, TableHead } from '../../components/TableHead.tsx';
import { href } from '../../router.ts';
import { fieldsText, fmt } from '../../lib.tsx';
import type { CaseResponse, ItemOf, Schemas } from '../../api.ts';

type Seizure = ItemOf<CaseResponse<'seizures'>>;
type Link = Schemas['Link'];

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? '—' : `${fmt(x * 100, 1)} %`;

/** The case's seizures, the chosen one highlighted. */
export function SeizureTable({
  seizures,
  selected,
  onSelect,
}: {
  seizures: Seizure[];
  selected: string | null;
  onSelect: (id: string) => void;
}): ReactNode {
  return (
    <table className="data" data-testid="seizure-table">
      <TableHead columns={['Seizure', 'Date', 'Place', 'Country', 'Seized by', num('Items')]} />
      <tbody>
        {seizures.map((s) => (
          <tr key={s.id} className={s.id === selected ? 'selected' : ''}>
            <td>
              <button className="link" onClick={() => onSelect(s.id)}>
                {s.id}
              </button>
            </td>
            <td className="nowrap">{s.seizure_date}</td>
            <td>{s.place}</td>
            <td>{s.country}</td>
            <td>{s.seized_by}</td>
            <td className="num">{fmt(s.items)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The groups most over-represented against the baseline. */
export function SurpriseTable({
  by,
  groups,
}: {
  by: string;
  groups: Schemas['CompositionGroup'][];
}): ReactNode {
  return (
    <table className="data" data-testid="surprise">
      <TableHead
        columns={[
          by,
          num('Count'),
          num('Share'),
          num('Baseline'),
          num('Lift'),
          num('−log₁₀ p'),
          num('Seizures'),
        ]}
      />
      <tbody>
        {groups.map((g) => (
          <tr key={g.key}>
            <td>{g.label}</td>
            <td className="num">{g.count}</td>
            <td className="num">{pct(g.share)}</td>
            <td className="num">{pct(g.baseline_share)}</td>
            <td className="num">{fmt(g.lift, 1)}×</td>
            <td className="num">{fmt(g.surprise, 1)}</td>
            <td className="num">{fmt(g.seizures_present)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const LINK_KINDS: Record<string, string> = {
  component_serial: 'Component serial',
  serial_run: 'Run of serial numbers',
  ammunition_lot: 'Ammunition lot',
};

/** A link's evidence in words: the sentence the arms domain writes (`reading`), else its fields. */
function linkReading(evidence: unknown): string {
  const e = evidence as { reading?: unknown } | null;
  return typeof e?.reading === 'string' ? e.reading : fieldsText(evidence ?? {});
}

/** Each link between seizures with its evidence in words; a click shows the items it joins. */
export function LinkTable({
  links,
  chosen,
  onChoose,
}: {
  links: Link[];
  chosen: Link | null;
  onChoose: (link: Link) => void;
}): ReactNode {
  return (
    <table className="data" data-testid="links">
      <TableHead columns={['Link', 'Seizures', num('Strength'), 'Why they are linked']} />
      <tbody>
        {links.map((l) => (
          <tr key={l.id} className={chosen?.id === l.id ? 'selected' : ''}>
            <td className="nowrap">
              <button className="link" onClick={() => onChoose(l)}>
                {LINK_KINDS[l.kind] ?? l.kind.replace(/_/g, ' ')}
              </button>
            </td>
            <td>
              {l.seizures.map((id, i) => (
                <span key={id}>
                  {i ? ' ↔ ' : ''}
                  <a href={href('seizures', { seizure: id })}>{id}</a>
                </span>
              ))}
            </td>
            <td className="num">{fmt(l.strength, 2)}</td>
            <td className="small reading">{linkReading(l.evidence)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
