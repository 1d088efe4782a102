import { useEffect, useState } from 'react';

/**
 * The view's address: the page and its filters, held in the hash (`#/map?from=…&z=6`) so
 * that a link to a view is the view (shareable), and the back button steps through the
 * views as they were chosen.
 */
export interface Route {
  page: string;
  params: URLSearchParams;
}

/** Fired when the route is replaced in place (`replaceState` fires no `hashchange`). */
const REPLACED = 'chokepoint:route';

function parse(): Route {
  const hash = window.location.hash.replace(/^#\/?/, '');
  const cut = hash.indexOf('?');
  const page = cut < 0 ? hash : hash.slice(0, cut);
  const query = cut < 0 ? '' : hash.slice(cut + 1);
  return { page: page || 'dashboard', params: new URLSearchParams(query) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(parse);
  useEffect(() => {
    // Each address once: setParams tells at once, and its hashchange follows later.
    let seen = window.location.hash;
    const on = () => {
      if (window.location.hash === seen) return;
      seen = window.location.hash;
      setRoute(parse());
    };
    window.addEventListener('hashchange', on);
    window.addEventListener(REPLACED, on);
    return () => {
      window.removeEventListener('hashchange', on);
      window.removeEventListener(REPLACED, on);
    };
  }, []);
  return route;
}

export type Params = Record<string, string | number | null | undefined>;

/** The non-empty parameters, in a stable order (so the same view has one address). */
function query(params: Params): string {
  const q = new URLSearchParams();
  for (const k of Object.keys(params).sort()) {
    const v = params[k];
    if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  }
  return q.toString();
}

export function href(page: string, params: Params = {}): string {
  const q = query(params);
  return `#/${page}${q ? `?${q}` : ''}`;
}

export function navigate(page: string, params: Params = {}): void {
  go(href(page, params));
}

/**
 * A new history entry for the address, and the route told at once, in the event that made
 * it: a controlled input or checkbox shows its new state in that event, and a second change
 * made before the `hashchange` arrives starts from the first (a fast second edit was lost).
 */
function go(target: string): void {
  window.location.hash = target;
  window.dispatchEvent(new Event(REPLACED));
}

/**
 * Changes some of the current view's parameters (null or '' drops one). A new history
 * entry by default (a filter applied: back undoes it); `replace` for a change that is
 * not a step of its own (the map panned), so the back button is not flooded.
 */
export function setParams(changes: Params, opts: { replace?: boolean } = {}): void {
  const { page, params } = parse();
  const next: Params = Object.fromEntries(params.entries());
  Object.assign(next, changes);
  const target = href(page, next);
  if (target === window.location.hash || (target === '#/dashboard' && !window.location.hash))
    return;
  if (opts.replace) {
    window.history.replaceState(window.history.state, '', target);
    window.dispatchEvent(new Event(REPLACED));
  } else go(target);
}

/** The current view's parameters as a plain object (strings only). */
export function paramsOf(params: URLSearchParams): Record<string, string> {
  return Object.fromEntries(params.entries());
}
