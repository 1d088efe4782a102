// The HTTP API client: cookie session, CSRF header on writes, coded errors as exceptions.
// Typed by the API's own OpenAPI document (api-types.ts, `npm run gen:web-types`): a path
// and a method give the answer's type; no record type is written by hand in the web app.
import type { components, paths } from './api-types.ts';

/** The records of the API by their OpenAPI names: `Schemas['Incident']`, `Schemas['Order']` … */
export type Schemas = components['schemas'];

/** A coded error as the API sends it, or one the client makes of a failed request. */
export type ApiErrorBody = Omit<Schemas['Error']['error'], 'code'> & {
  code: Schemas['Error']['error']['code'] | 'CP_HTTP' | 'CP_NETWORK';
};

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

type Method = 'get' | 'post' | 'put' | 'delete';
export type ApiPath = keyof paths;
/** The paths that answer a method. */
export type PathOf<M extends Method> = {
  [P in ApiPath]: paths[P][M] extends { responses: object } ? P : never;
}[ApiPath];
type Success<R> = R extends { 200: infer A }
  ? A
  : R extends { 201: infer A }
    ? A
    : R extends { 202: infer A }
      ? A
      : never;
type JsonOf<A> = A extends { content: { 'application/json': infer T } } ? T : unknown;
/** What a method on a path answers when it succeeds. */
export type ApiResponse<P extends ApiPath, M extends Method = 'get'> = paths[P][M] extends {
  responses: infer R;
}
  ? JsonOf<Success<R>>
  : never;
/** The JSON body a method on a path takes. */
export type ApiBody<P extends ApiPath, M extends Method> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

/** The case-scoped paths that answer GET, without `/api/cases/{caseId}/`. */
export type CaseGetPath =
  PathOf<'get'> extends infer P ? (P extends `/api/cases/{caseId}/${infer R}` ? R : never) : never;
/** What GET on a case-scoped path answers. */
export type CaseResponse<R extends CaseGetPath> = ApiResponse<`/api/cases/{caseId}/${R}`>;

export type Role = Schemas['Me']['cases'][number]['role'];
export type CaseRef = Schemas['Me']['cases'][number];
export type Session = Schemas['Me'];
/** One item of a GET answer's `items` list. */
export type ItemOf<T> = T extends { items: (infer I)[] } ? I : never;

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

/**
 * Fills a path template: `{name}` takes `params.name` (URI-encoded); the parameters a
 * path does not name are left for the query string.
 */
export function fillPath(template: string, params: Query = {}): { path: string; query: Query } {
  const query: Query = { ...params };
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = query[name];
    delete query[name];
    if (v === undefined || v === null || v === '')
      throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(String(v));
  });
  return { path, query };
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

/**
 * Each call names a path of the API as the OpenAPI document writes it
 * (`/api/cases/{caseId}/orders/{id}`); `params` fill the path and the rest is the query.
 */
export const api = {
  get: <P extends PathOf<'get'>>(path: P, params?: Query) => {
    const f = fillPath(path, params);
    return request<ApiResponse<P, 'get'>>('GET', f.path + qs(f.query));
  },
  post: <P extends PathOf<'post'>>(
    path: P,
    params?: Query,
    body?: ApiBody<P, 'post'> | FormData,
  ) => {
    const f = fillPath(path, params);
    return request<ApiResponse<P, 'post'>>('POST', f.path + qs(f.query), body ?? {});
  },
  put: <P extends PathOf<'put'>>(path: P, params?: Query, body?: ApiBody<P, 'put'>) =>
    request<ApiResponse<P, 'put'>>('PUT', fillPath(path, params).path, body ?? {}),
  del: <P extends PathOf<'delete'>>(path: P, params?: Query) =>
    request<ApiResponse<P, 'delete'>>('DELETE', fillPath(path, params).path),
};

/**
 * POSTs a multipart form with upload progress (fetch reports none): `onProgress` gets the
 * bytes sent and the total. Answers and fails as `api.post` does.
 */
export function uploadWithProgress<P extends PathOf<'post'>>(
  path: P,
  params: Query,
  form: FormData,
  onProgress: (sent: number, total: number) => void,
): Promise<ApiResponse<P, 'post'>> {
  const f = fillPath(path, params);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', f.path + qs(f.query));
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : 0);
    xhr.onerror = () =>
      reject(new ApiError({ code: 'CP_NETWORK', status: 0, message: 'upload failed' }));
    xhr.onload = () => {
      let json: unknown = null;
      try {
        json = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        json = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(json as ApiResponse<P, 'post'>);
      const err = (json as { error?: ApiErrorBody } | null)?.error;
      reject(
        new ApiError(err ?? { code: 'CP_HTTP', status: xhr.status, message: `${xhr.status}` }),
      );
    };
    xhr.send(form);
  });
}
