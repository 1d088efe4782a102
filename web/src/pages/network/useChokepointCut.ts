import { useEffect, useState } from 'react';
import { api, type ApiError, type CaseResponse } from '../../api.ts';

export const DEFAULT_FROM = 'role:supplier';
export const DEFAULT_TO = 'topic:crime.terror';

export interface CutAsk {
  from: string;
  to: string;
  /** A commodity id, or '' for all goods. */
  commodity: string;
}

/**
 * The choke-point cut between two selectors, for one commodity or all: the default one on
 * arrival (suppliers to the known terrorist end users when the case has any, else to
 * every end user), later ones on demand. A failed default is said plainly (`auto`), a
 * failed request as an error.
 */
export function useChokepointCut(caseId: string): {
  cut: CaseResponse<'network/chokepoints'> | null;
  error: ApiError | null;
  auto: boolean;
  ask: CutAsk;
  setAsk: (a: CutAsk) => void;
  load: (a: CutAsk) => void;
} {
  const [cut, setCut] = useState<CaseResponse<'network/chokepoints'> | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [auto, setAuto] = useState(true);
  const [ask, setAsk] = useState<CutAsk>({ from: DEFAULT_FROM, to: DEFAULT_TO, commodity: '' });
  const load = (a: CutAsk, isAuto = false, fallbackTo?: string) => {
    setError(null);
    setAuto(isAuto);
    api
      .get('/api/cases/{caseId}/network/chokepoints', {
        caseId,
        from: a.from,
        to: a.to,
        ...(a.commodity ? { commodity: a.commodity } : {}),
      })
      .then(setCut)
      .catch((e: unknown) => {
        if (fallbackTo && (e as ApiError).body?.code === 'CP_BAD_SELECTOR') {
          const next = { ...a, to: fallbackTo };
          setAsk(next);
          load(next, isAuto);
          return;
        }
        setCut(null);
        setError(e as ApiError);
      });
  };
  // Every buyer that never sells is an end user too, and a supplier selling straight to
  // one leaves nothing to cut: the terrorist end users first.
  useEffect(() => {
    load({ from: DEFAULT_FROM, to: DEFAULT_TO, commodity: '' }, true, 'role:end_user');
  }, [caseId]);
  return { cut, error, auto, ask, setAsk, load: (a) => load(a) };
}
