/**
 * Every bench figure is printed beside its target, and a miss is marked so it cannot be read past:
 *   first record    0.41 s  target ≤ 0.95 s   met
 *   peak RSS        305 MB  target ≤ 200 MB   MISSED
 */
export interface Target {
  /** 'max': the figure must not exceed the goal; 'min': it must reach it. */
  kind: 'max' | 'min';
  goal: number;
}

export const atMost = (goal: number): Target => ({ kind: 'max', goal });
export const atLeast = (goal: number): Target => ({ kind: 'min', goal });

export function meets(value: number, target: Target): boolean {
  return target.kind === 'max' ? value <= target.goal : value >= target.goal;
}

const misses: string[] = [];

/** One line: label, figure, target, verdict. `digits` and `unit` format both numbers alike. */
export function report(label: string, value: number, target: Target, options: { unit?: string; digits?: number; note?: string } = {}): boolean {
  const digits = options.digits ?? 2;
  const unit = options.unit ? ` ${options.unit}` : '';
  const ok = Number.isFinite(value) && meets(value, target);
  const figure = `${Number.isFinite(value) ? value.toFixed(digits) : String(value)}${unit}`;
  const goal = `target ${target.kind === 'max' ? '≤' : '≥'} ${target.goal}${unit}`;
  const line = `  ${label.padEnd(34)} ${figure.padStart(12)}   ${goal.padEnd(20)} ${ok ? 'met' : 'MISSED'}${options.note ? `  (${options.note})` : ''}`;
  console.log(line);
  if (!ok) misses.push(label);
  return ok;
}

/** A figure with no target, aligned with the others. */
export function info(label: string, text: string): void {
  console.log(`  ${label.padEnd(34)} ${text}`);
}

/** The misses so far; index.ts prints them at the end and exits 1 when there are any. */
export function missed(): readonly string[] {
  return misses;
}

/** Call at the end of a bench's main: a bench with a miss exits 1, so `npm run bench` can list it. */
export function exitWithMisses(): void {
  if (misses.length > 0) {
    console.log(`  MISSED: ${misses.join('; ')}`);
    process.exitCode = 1;
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
