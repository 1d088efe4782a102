/**
 * A progress bar on stderr for long jobs. It stays silent for the first moment (quick jobs
 * print nothing), redraws in place on a terminal, and prints an occasional plain line when
 * stderr is a file or a pipe, so logs show a long job moving without filling up.
 */
export interface ProgressBar {
  update(done: number, total: number, label?: string): void;
  finish(message?: string): void;
}

export function progressBar(
  label: string,
  opts: { quietMs?: number; stream?: NodeJS.WriteStream } = {},
): ProgressBar {
  const stream = opts.stream ?? process.stderr;
  const started = Date.now();
  const quietMs = opts.quietMs ?? 700;
  const tty = Boolean(stream.isTTY);
  let lastDraw = 0;
  let drawn = false;
  let current = label;
  return {
    update(done, total, l) {
      if (l) current = l;
      const now = Date.now();
      if (now - started < quietMs) return;
      if (now - lastDraw < (tty ? 100 : 2000) && done < total) return;
      lastDraw = now;
      drawn = true;
      const pct = total > 0 ? Math.min(1, done / total) : 0;
      const secs = (now - started) / 1000;
      const rate = secs > 0 ? Math.round(done / secs) : 0;
      const eta = pct > 0 && pct < 1 ? ` eta ${Math.round(secs / pct - secs)}s` : '';
      if (tty) {
        const width = 28;
        const fill = Math.round(pct * width);
        stream.write(
          `\r${current} [${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${(pct * 100).toFixed(0).padStart(3)}% ${done}/${total} ${rate}/s${eta}\x1b[K`,
        );
      } else {
        stream.write(`${current}: ${done}/${total} (${(pct * 100).toFixed(0)}%) ${rate}/s${eta}\n`);
      }
    },
    finish(message) {
      if (drawn && tty) stream.write('\r\x1b[K');
      if (drawn && message) stream.write(`${message}\n`);
    },
  };
}
