import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useMemo,
  useState,
  type FormEvent,
  type ReactNode,
} from 'react';
import { api, ApiError, setCsrf, type Session } from './api.ts';
import { AppContext, ErrorBox, Loading, useApp, type AppState } from './lib.tsx';
import { href, useRoute } from './router.ts';
import { Dashboard } from './pages/Dashboard.tsx';
import { GlobalSearch } from './components/GlobalSearch.tsx';
import { Jobs } from './components/Jobs.tsx';

// The first screen (dashboard) is in the main bundle; the heavy pages load on demand.
const MapPage = lazy(() => import('./pages/MapPage.tsx'));
const NetworkPage = lazy(() => import('./pages/NetworkPage.tsx'));
const SeizuresPage = lazy(() => import('./pages/SeizuresPage.tsx'));
const OrdersPage = lazy(() => import('./pages/OrdersPage.tsx'));
const IncidentsPage = lazy(() => import('./pages/IncidentsPage.tsx'));
const ImportsPage = lazy(() => import('./pages/ImportsPage.tsx'));
const EntityPage = lazy(() => import('./pages/EntityPage.tsx'));
const TimelinePage = lazy(() => import('./pages/TimelinePage.tsx'));
const ReportsPage = lazy(() => import('./pages/ReportsPage.tsx'));
const SourcePage = lazy(() => import('./pages/SourcePage.tsx'));
const DocumentsPage = lazy(() => import('./pages/DocumentsPage.tsx'));
const ScreeningPage = lazy(() => import('./pages/ScreeningPage.tsx'));

const PAGES: { id: string; label: string }[] = [
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'map', label: 'Map' },
  { id: 'network', label: 'Network' },
  { id: 'seizures', label: 'Seizures' },
  { id: 'orders', label: 'Orders' },
  { id: 'incidents', label: 'Incidents' },
  { id: 'timeline', label: 'Timeline' },
  { id: 'reports', label: 'Reports' },
  { id: 'screening', label: 'Screening' },
  { id: 'documents', label: 'Documents' },
  { id: 'imports', label: 'Imports' },
];

const CASE_KEY = 'chokepoint.case';

export function App(): ReactNode {
  const [session, setSession] = useState<Session | null>(null);
  const [checked, setChecked] = useState(false);
  const [caseId, setCaseId] = useState<string | null>(() => localStorage.getItem(CASE_KEY));

  useEffect(() => {
    api
      .get('/api/auth/me')
      .then((s) => {
        setCsrf(s.csrf_token ?? '');
        setSession(s);
      })
      .catch(() => setSession(null))
      .finally(() => setChecked(true));
  }, []);

  const logout = useCallback(() => {
    void api.post('/api/auth/logout').finally(() => {
      setCsrf('');
      setSession(null);
    });
  }, []);

  const setCase = useCallback((id: string) => {
    localStorage.setItem(CASE_KEY, id);
    setCaseId(id);
  }, []);

  const state: AppState | null = useMemo(() => {
    if (!session || session.cases.length === 0) return null;
    const caseRef = session.cases.find((c) => c.id === caseId) ?? session.cases[0]!;
    return {
      session,
      caseRef,
      canWrite: caseRef.role === 'analyst' || caseRef.role === 'admin',
      setCase,
      logout,
    };
  }, [session, caseId, setCase, logout]);

  if (!checked) return <Loading />;
  if (!session)
    return (
      <Login
        onLogin={(s) => {
          setCsrf(s.csrf_token ?? '');
          setSession(s);
        }}
      />
    );
  if (!state)
    return (
      <main className="login">
        <p>You are signed in as {session.user.username} but are a member of no case.</p>
        <button onClick={logout}>Sign out</button>
      </main>
    );
  return (
    <AppContext.Provider value={state}>
      <Shell />
    </AppContext.Provider>
  );
}

function Login({ onLogin }: { onLogin: (s: Session) => void }): ReactNode {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    api
      .post('/api/auth/login', {}, { username, password })
      .then(onLogin)
      .catch((err: unknown) =>
        setError(
          err instanceof ApiError
            ? err
            : new ApiError({ code: 'CP_NETWORK', status: 0, message: String(err) }),
        ),
      )
      .finally(() => setBusy(false));
  };
  return (
    <main className="login">
      <h1>Chokepoint</h1>
      <form onSubmit={submit} aria-label="Sign in">
        <label>
          Username
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            autoFocus
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <ErrorBox error={error} />
      </form>
    </main>
  );
}

function Shell(): ReactNode {
  const route = useRoute();
  const { session, caseRef, setCase, logout } = useApp();
  return (
    <div className="shell">
      {/* The hash is the router's: the skip link moves the focus without touching it. */}
      <a
        className="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Chokepoint</span>
        <nav aria-label="Pages">
          {PAGES.map((p) => (
            <a
              key={p.id}
              href={href(p.id)}
              aria-current={route.page === p.id ? 'page' : undefined}
              data-page={p.id}
            >
              {p.label}
            </a>
          ))}
        </nav>
        <GlobalSearch />
        <Jobs />
        <label className="case-switch">
          Case
          <select value={caseRef.id} onChange={(e) => setCase(e.target.value)} aria-label="Case">
            {session.cases.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.role})
              </option>
            ))}
          </select>
        </label>
        <span className="user" data-testid="user">
          {session.user.username} · <span data-testid="role">{caseRef.role}</span>
        </span>
        <button className="link" onClick={logout}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1} key={caseRef.id}>
        <Suspense fallback={<Loading what="page" />}>
          {renderPage(route.page, route.params)}
        </Suspense>
      </main>
    </div>
  );
}

function renderPage(page: string, params: URLSearchParams): ReactNode {
  switch (page) {
    case 'dashboard':
      return <Dashboard params={params} />;
    case 'map':
      return <MapPage params={params} />;
    case 'network':
      return <NetworkPage params={params} />;
    case 'seizures':
      return <SeizuresPage params={params} />;
    case 'orders':
      return <OrdersPage params={params} />;
    case 'incidents':
      return <IncidentsPage params={params} />;
    case 'imports':
      return <ImportsPage />;
    case 'entity':
      return <EntityPage params={params} />;
    case 'timeline':
      return <TimelinePage params={params} />;
    case 'reports':
      return <ReportsPage params={params} />;
    case 'source':
      return <SourcePage params={params} />;
    case 'documents':
      return <DocumentsPage params={params} />;
    case 'screening':
      return <ScreeningPage />;
    default:
      return <p>No page “{page}”.</p>;
  }
}
