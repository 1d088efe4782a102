import type { CaseResponse } from '../../api.ts';

/** The entity page's answer (`GET …/entities/{id}`), by the API's own types. */
export type EntityPageData = CaseResponse<'entities/{id}'>;
