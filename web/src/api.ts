// The HTTP API client: cookie session, CSRF header on writes, coded errors as exceptions.

export interface ApiErrorBody {
  code: string;
  status: number;
  message: string;
  file?: string;
  line?: number;
  field?: string;
  expected?: string;
}

export class ApiError extends Error {
  readonly body: ApiErrorBody;
  constructor(body: ApiErrorBody) {
    super(body.message);
    this.body = body;
  }
  get status(): number {
    return this.body.status;
  }
}

export type Role = 'viewer' | 'analyst' | 'admin';
export interface CaseRef {
  id: string;
  name: string;
  role: Role;
}
export interface Session {
  user: { id: string; username: string; is_admin: boolean };
  csrf_token: string;
  cases: CaseRef[];
}
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

let csrfToken = '';
export function setCsrf(token: string): void {
  csrfToken = token;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function qs(query: Query = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const err = (json as { error?: ApiErrorBody } | null)?.error;
    throw new ApiError(
      err ?? { code: 'CP_HTTP', status: res.status, message: `${res.status} ${res.statusText}` },
    );
  }
  return json as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path + qs(query)),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {}),
  del: <T>(path: string) => request<T>('DELETE', path),
};

/** A case-scoped path: `/api/cases/<case>/<rest>`. */
export function casePath(caseId: string, rest: string): string {
  return `/api/cases/${encodeURIComponent(caseId)}/${rest}`;
}
