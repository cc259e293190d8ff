import type { CliContext, StatusLine } from './context.ts';

import type { RunProgress } from '../run/progress.ts';

export interface Progress extends RunProgress {
  end(): void;
}

const noProgress: Progress = { begin() {}, start() {}, done() {}, end() {} };

const elapsed = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/**
 * A one-line progress display on stderr, "[12/28] 0:07 checking privacy-policy, terms +3": done/total, elapsed
 * time and the documents in flight, redrawn at most ten times a second and every second for the clock. Drawn only
 * when ctx.output allows it (a terminal, not --quiet, --json or CI); otherwise it does nothing.
 */
export function startProgress(ctx: CliContext, verb: string, options: { now?: () => number } = {}): Progress {
  if (!ctx.output?.progress || !ctx.terminal) return noProgress;
  const terminal = ctx.terminal;
  const now = options.now ?? (() => performance.now());
  const started = now();
  const running = new Set<string>();
  let total = 0;
  let done = 0;
  let lastDraw = -Infinity;
  let line: StatusLine | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;

  const draw = (force = false) => {
    if (!line) return;
    const t = now();
    if (!force && t - lastDraw < 100) return;
    lastDraw = t;
    const ids = [...running];
    const shown = ids.slice(0, 3).join(', ') + (ids.length > 3 ? ` +${ids.length - 3}` : '');
    line.draw(`[${String(done).padStart(String(total).length)}/${total}] ${elapsed(t - started)} ${verb}${shown ? ` ${shown}` : ''}`);
  };
  return {
    begin(count) {
      total = count;
      if (line || count === 0) return;
      line = createStatusLine((s) => ctx.stderr(s), terminal.columns);
      ctx.statusLine = line;
      timer = setInterval(() => draw(true), 1000);
      timer.unref();
      draw(true);
    },
    start(id) {
      running.add(id);
      draw();
    },
    done(id) {
      running.delete(id);
      done++;
      draw(done === total);
    },
    end() {
      if (timer) clearInterval(timer);
      line?.end();
      if (line && ctx.statusLine === line) delete ctx.statusLine;
      line = undefined;
    },
  };
}

/** One line at the bottom of the terminal, redrawn in place; other output goes above it. */
export function createStatusLine(write: (text: string) => void, columns: () => number): StatusLine {
  let current = '';
  let ended = false;
  const clear = '\r\x1b[2K';
  const fit = (text: string) => {
    const max = Math.max(20, columns() - 1);
    return text.length > max ? text.slice(0, max - 1) + '…' : text;
  };
  return {
    draw(text) {
      if (ended) return;
      current = fit(text);
      write(clear + current);
    },
    above(text) {
      if (ended || !current) return write(text.endsWith('\n') ? text : text + '\n');
      write(clear + (text.endsWith('\n') ? text : text + '\n') + current);
    },
    end() {
      if (ended) return;
      ended = true;
      if (current) write(clear);
    },
  };
}
