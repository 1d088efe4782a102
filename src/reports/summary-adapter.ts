/**
 * The bulletin's figures come from the one incidents summary (src/incidents/summary.ts,
 * the `summary --json` shape of DESIGN.md); this adapter is the only place that knows how
 * that module is called.
 */
import { ChokepointError } from '../core/errors.ts';
import type { SummaryProvider } from './load.ts';

export async function incidentsSummaryProvider(): Promise<SummaryProvider> {
  throw new ChokepointError(
    'CP_INTERNAL',
    'the incidents summary (src/incidents/summary.ts) is not available yet',
  );
}
