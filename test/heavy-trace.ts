import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { Session } from 'node:inspector/promises';
import { PerformanceObserver } from 'node:perf_hooks';
import type { ClientReport, PollReport } from './heavy-client.ts';

/**
 * What ran when a health poll of test/heavy.ts was slow (HEAVY_TRACE=1): the server loop's
 * stalls, its garbage collections and requests, and the client's phases of the heavy
 * requests on one clock, printed around the slowest polls. HEAVY_TRACE_PROFILE=<file> also writes a CPU
 * profile of this thread (open it in Chrome's DevTools) for the stall's stack.
 */
interface Event {
  t: number;
  what: string;
}

export interface Trace {
  stop(client: ClientReport, polled: PollReport): Promise<void>;
}

export async function startTrace(): Promise<Trace | undefined> {
  if (!process.env.HEAVY_TRACE) return undefined;
  // The profile's clock starts here too (its first sample), as near as can be.
  const file = process.env.HEAVY_TRACE_PROFILE;
  const session = file ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 500 });
    await session.post('Profiler.start');
  }

  const t0 = performance.now();
  const events: Event[] = [];
  const rel = (t: number) => t - t0;
  const fromEpoch = (at: number) => at - performance.timeOrigin - t0;
  const mark = (what: string, t = performance.now()) => events.push({ t: rel(t), what });

  // The loop's stalls, from a timer that should fire every 5 ms.
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    if (now - last > 40) events.push({ t: rel(last), what: `STALL ${(now - last).toFixed(0)} ms` });
    last = now;
  }, 5);
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      if (e.duration > 10)
        events.push({
          t: rel(e.startTime),
          what: `GC ${e.duration.toFixed(0)} ms`,
        });
  });
  gc.observe({ entryTypes: ['gc'] });
  const started = new WeakMap<object, number>();
  const onStart = (m: unknown) => {
    const { request } = m as { request: IncomingMessage };
    started.set(request, performance.now());
    if (!request.url?.startsWith('/api/health')) mark(`server <- ${request.method} ${request.url}`);
  };
  const onFinish = (m: unknown) => {
    const { request, response } = m as {
      request: IncomingMessage;
      response: { statusCode: number };
    };
    if (request.url?.startsWith('/api/health')) return;
    const s = started.get(request) ?? performance.now();
    mark(
      `server -> ${request.method} ${request.url} ${response.statusCode} (${(performance.now() - s).toFixed(0)} ms)`,
    );
  };
  subscribe('http.server.request.start', onStart);
  subscribe('http.server.response.finish', onFinish);

  return {
    async stop(client, polled) {
      clearInterval(ticker);
      gc.disconnect();
      if (session && file) {
        const { profile } = await session.post('Profiler.stop');
        writeFileSync(file, JSON.stringify(profile));
        session.disconnect();
      }
      for (const m of client.marks) events.push({ t: fromEpoch(m.at), what: `client: ${m.what}` });
      const polls = polled.polls.map((p) => ({ start: fromEpoch(p.at), ms: p.ms }));
      events.sort((a, b) => a.t - b.t);
      const worst = [...polls].sort((a, b) => b.ms - a.ms).slice(0, 6);
      const out: string[] = [];
      for (const p of worst) {
        out.push(`--- poll at ${p.start.toFixed(0)} ms took ${p.ms.toFixed(0)} ms`);
        for (const e of events)
          if (e.t > p.start - 1500 && e.t < p.start + p.ms + 100)
            out.push(`  ${e.t.toFixed(0).padStart(7)} ${e.what}`);
      }
      const stallMs = (e: Event) => Number(/^STALL (\d+)/.exec(e.what)?.[1] ?? 0);
      for (const st of events.filter((e) => stallMs(e) > 250)) {
        out.push(`--- ${st.what} at ${st.t.toFixed(0)} ms`);
        for (const e of events)
          if (e.t > st.t - 1000 && e.t < st.t + 600 && !e.what.includes('/api/jobs/'))
            out.push(`  ${e.t.toFixed(0).padStart(7)} ${e.what}`);
      }
      out.push("--- the client's phases");
      for (const e of events)
        if (e.what.startsWith('client')) out.push(`  ${e.t.toFixed(0).padStart(7)} ${e.what}`);
      out.push('--- all stalls > 100 ms and GCs > 50 ms');
      for (const e of events) {
        const ms = Number(/(\d+) ms$/.exec(e.what)?.[1] ?? 0);
        if ((e.what.startsWith('STALL') && ms > 100) || (e.what.startsWith('GC') && ms > 50))
          out.push(`  ${e.t.toFixed(0).padStart(7)} ${e.what}`);
      }
      console.log(out.join('\n'));
    },
  };
}
