/**
 * Runs a command and measures it from outside: wall time, CPU time of the root process (user + system, with the
 * children it waited for, as last sampled from /proc/<pid>/stat before it exited) and peak RSS of the process tree
 * (the sum of VmRSS over the root and all its descendants, sampled every 10 ms; for the root alone its VmHWM, which
 * the kernel keeps exactly). Linux only; elsewhere the RSS figures are NaN.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface TreeRun {
  code: number | null;
  wallMs: number;
  /** Peak of the summed RSS of the tree, in MB (sampled). */
  treePeakMb: number;
  /** The root process's own high-water mark, in MB (exact). */
  rootPeakMb: number;
  /** CPU time of the root (and its reaped children), in ms, as last sampled: a lower bound. */
  rootCpuMs: number;
  /** Most processes seen at once. */
  processes: number;
  stdout: string;
  stderr: string;
}

const TICKS = 100; // USER_HZ on Linux

function statusOf(pid: number): { rssKb: number; hwmKb: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
    return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
  } catch {
    return undefined;
  }
}

function cpuMsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    // Fields 14 to 17 of proc(5): utime, stime, cutime, cstime; rest[0] is field 3.
    return ((rest[11] ?? 0) + (rest[12] ?? 0) + (rest[13] ?? 0) + (rest[14] ?? 0)) * (1000 / TICKS);
  } catch {
    return undefined;
  }
}

function parentsByPid(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: fields start after the last ')'.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(name), Number(rest[1]));
    } catch {
      // gone between readdir and read
    }
  }
  return parents;
}

function treeOf(root: number): number[] {
  const parents = parentsByPid();
  const tree = [root];
  for (let i = 0; i < tree.length; i += 1) for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  return tree;
}

export async function runTree(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<TreeRun> {
  const started = performance.now();
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let treePeakKb = 0;
  let rootPeakKb = 0;
  let processes = 0;
  let rootCpuMs = 0;
  const sample = () => {
    if (child.pid === undefined || process.platform !== 'linux') return;
    const pids = treeOf(child.pid);
    let sum = 0;
    for (const pid of pids) {
      const s = statusOf(pid);
      if (!s) continue;
      sum += s.rssKb;
      if (pid === child.pid) {
        rootPeakKb = Math.max(rootPeakKb, s.hwmKb);
        rootCpuMs = Math.max(rootCpuMs, cpuMsOf(pid) ?? 0);
      }
    }
    processes = Math.max(processes, pids.length);
    treePeakKb = Math.max(treePeakKb, sum, rootPeakKb);
  };
  const timer = setInterval(sample, 10);
  const killer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  const wallMs = performance.now() - started;
  clearInterval(timer);
  if (killer) clearTimeout(killer);
  const linux = process.platform === 'linux';
  return { code, wallMs, treePeakMb: linux ? treePeakKb / 1024 : NaN, rootPeakMb: linux ? rootPeakKb / 1024 : NaN, rootCpuMs: linux ? rootCpuMs : NaN, processes, stdout, stderr };
}
