// The running-jobs indicator of the top bar (issue 18): the caller's queued and running
// jobs (imports, matching, PDFs…) with their progress, each cancellable; it looks every
// two seconds while something runs, every ten otherwise.
import { useEffect, useState } from 'react';
import { api, type Schemas } from '../api.ts';

type Job = Schemas['Job'];

function percent(j: Job): number | undefined {
  return j.progress.total > 0 ? Math.round((100 * j.progress.done) / j.progress.total) : undefined;
}

export function Jobs() {
  const [jobs, setJobs] = useState<Job[]>([]);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    let timer: number | undefined;
    let live = true;
    const look = () => {
      Promise.all([
        api.get('/api/jobs', { state: 'running', limit: 20 }),
        api.get('/api/jobs', { state: 'queued', limit: 20 }),
      ])
        .then(([running, queued]) => {
          if (!live) return;
          const all = [...running.items, ...queued.items];
          setJobs(all);
          timer = window.setTimeout(look, all.length ? 2_000 : 10_000);
        })
        .catch(() => {
          if (live) timer = window.setTimeout(look, 10_000);
        });
    };
    look();
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, []);

  const cancel = (id: string) => {
    void api.post('/api/jobs/{id}/cancel', { id }).then((j) => {
      setJobs((all) => all.map((x) => (x.id === j.id ? j : x)));
    });
  };

  return (
    <span className="jobs" data-testid="jobs">
      <button
        className="link"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        title="Long operations running for you"
      >
        Jobs{jobs.length ? ` (${jobs.length})` : ''}
      </button>
      {open ? (
        <div className="jobs-panel" role="dialog" aria-label="Running jobs">
          {jobs.length === 0 ? <p>No job running.</p> : null}
          <ul>
            {jobs.map((j) => (
              <li key={j.id} data-testid="job" data-state={j.state}>
                <span>
                  {j.kind} · {j.state}
                  {j.progress.stage ? ` · ${j.progress.stage}` : ''}
                </span>
                <progress max={100} value={percent(j)} aria-label={`${j.kind} progress`} />
                {j.state === 'queued' || j.state === 'running' ? (
                  <button
                    className="link"
                    onClick={() => cancel(j.id)}
                    disabled={j.cancel_requested}
                  >
                    {j.cancel_requested ? 'Cancelling…' : 'Cancel'}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </span>
  );
}
