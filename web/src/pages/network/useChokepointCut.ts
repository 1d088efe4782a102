import { useEffect, useState } from 'react';
import { api, type ApiError, type CaseResponse } from '../../api.ts';

export const DEFAULT_FROM = 'role:supplier';
export const DEFAULT_TO = 'topic:crime.terror';

/**
 * The choke-point cut between two selectors: the default one on arrival (suppliers to the
 * known terrorist end users when the case has any, else to every end user), later ones on
 * demand. A failed default is said plainly (`auto`), a failed request as an error.
 */
export function useChokepointCut(caseId: string): {
  cut: CaseResponse<'network/chokepoints'> | null;
  error: ApiError | null;
  auto: boolean;
  from: string;
  setFrom: (from: string) => void;
  to: string;
  setTo: (to: string) => void;
  load: (from: string, to: string) => void;
} {
  const [cut, setCut] = useState<CaseResponse<'network/chokepoints'> | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [auto, setAuto] = useState(true);
  const [from, setFrom] = useState(DEFAULT_FROM);
  const [to, setTo] = useState(DEFAULT_TO);
  const load = (f: string, t: string, isAuto = false, fallbackTo?: string) => {
    setError(null);
    setAuto(isAuto);
    api
      .get('/api/cases/{caseId}/network/chokepoints', { caseId, from: f, to: t })
      .then(setCut)
      .catch((e: unknown) => {
        if (fallbackTo && (e as ApiError).body?.code === 'CP_BAD_SELECTOR') {
          setTo(fallbackTo);
          load(f, fallbackTo, isAuto);
          return;
        }
        setCut(null);
        setError(e as ApiError);
      });
  };
  // Every buyer that never sells is an end user too, and a supplier selling straight to
  // one leaves nothing to cut: the terrorist end users first.
  useEffect(() => {
    load(DEFAULT_FROM, DEFAULT_TO, true, 'role:end_user');
  }, [caseId]);
  return { cut, error, auto, from, setFrom, to, setTo, load: (f, t) => load(f, t) };
}
