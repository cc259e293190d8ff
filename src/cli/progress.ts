import type { CliContext, StatusLine } from './context.ts';

/** Told when a document starts and finishes; what the CLI draws from it is its own business. */
export interface ProgressListener {
  start(id: string): void;
  done(id: string): void;
}

export interface Progress extends ProgressListener {
  end(): void;
}

const noProgress: Progress = { start() {}, done() {}, end() {} };

const elapsed = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/**
 * A one-line progress display on stderr, "[ 12/28] 0:07 checking privacy-policy, terms +3", redrawn at most ten
 * times a second and every second for the clock. Drawn only when ctx.output allows it (a terminal, not --quiet,
 * --json or CI); otherwise it does nothing.
 */
export function startProgress(ctx: CliContext, total: number, verb: string, options: { now?: () => number } = {}): Progress {
  if (!ctx.output?.progress || !ctx.terminal || total === 0) return noProgress;
  const terminal = ctx.terminal;
  const now = options.now ?? (() => performance.now());
  const started = now();
  const running = new Set<string>();
  let done = 0;
  let lastDraw = 0;
  const line = createStatusLine((s) => ctx.stderr(s), terminal.columns);
  ctx.statusLine = line;
  const width = String(total).length;

  const draw = (force = false) => {
    const t = now();
    if (!force && t - lastDraw < 100) return;
    lastDraw = t;
    const ids = [...running];
    const shown = ids.slice(0, 3).join(', ') + (ids.length > 3 ? ` +${ids.length - 3}` : '');
    line.draw(`[${String(done).padStart(width)}/${total}] ${elapsed(t - started)} ${verb}${shown ? ` ${shown}` : ''}`);
  };
  const timer = setInterval(() => draw(true), 1000);
  timer.unref();
  draw(true);
  return {
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
      clearInterval(timer);
      line.end();
      if (ctx.statusLine === line) delete ctx.statusLine;
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
