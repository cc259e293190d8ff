/**
 * Told how many documents a run has and as each starts and finishes: the CLI draws its progress line from it. A
 * listener is an observer: what it does (or throws) never changes the run.
 */
export interface RunProgress {
  begin(total: number): void;
  start(docId: string): void;
  done(docId: string): void;
}

/** Calls a listener, keeping whatever it throws away from the run. */
export function tell(progress: RunProgress | undefined, call: (progress: RunProgress) => void): void {
  if (!progress) return;
  try {
    call(progress);
  } catch {
    // A progress display must never stop a check.
  }
}
