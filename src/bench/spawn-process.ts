import { spawn, type ChildProcess } from 'node:child_process';

/** How to start a child and recognise that it is ready. */
export interface SpawnOptions {
  /** Label used in error messages. */
  name: string;
  /** Arguments for `node` (script first). */
  nodeArgs: string[];
  /** Stream where the child prints its URL once it listens. */
  readyStream: 'stdout' | 'stderr';
  /** First capture group is the URL. */
  readyPattern: RegExp;
  /** Send the child's stdout to /dev/null (when it is not the ready stream). */
  discardStdout?: boolean;
  /** Give up if no ready line appears within this long. */
  startTimeoutMs?: number;
  cwd?: string;
  /** Variables added to the bench's own environment. */
  environment?: Record<string, string>;
}

/** A running child process started by the bench. */
export interface ChildHandle {
  name: string;
  pid: number;
  /** The URL the child printed when ready. */
  url: string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Map<number, ChildProcess>();

/** Starts `node <nodeArgs>` and waits for its ready line. The child is tracked for {@link killAllChildren}. */
export function spawnNodeProcess(options: SpawnOptions): Promise<ChildHandle> {
  const child = spawn(process.execPath, options.nodeArgs, {
    cwd: options.cwd,
    ...(options.environment ? { env: { ...process.env, ...options.environment } } : {}),
    stdio: ['ignore', options.discardStdout ? 'ignore' : 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) return Promise.reject(new Error(`${options.name}: could not start`));
  running.set(pid, child);
  child.once('exit', () => running.delete(pid));
  const timeoutMs = options.startTimeoutMs ?? 15_000;

  return new Promise<ChildHandle>((resolve, reject) => {
    let output = '';
    const readyStream = options.readyStream === 'stdout' ? child.stdout : child.stderr;
    const fail = (reason: string): void => {
      clearTimeout(timer);
      stopChild(child, 1000).catch(() => undefined);
      reject(new Error(`${options.name}: ${reason}\n${output.slice(-2000)}`));
    };
    const timer = setTimeout(() => fail(`not ready after ${timeoutMs} ms`), timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = options.readyPattern.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.off('exit', onEarlyExit);
      // Keep draining the pipe so a chatty child never blocks on a full buffer.
      readyStream?.off('data', onData);
      readyStream?.resume();
      resolve({ name: options.name, pid, url: match[1], stop: (graceMs = 3000) => stopChild(child, graceMs) });
    };
    const onEarlyExit = (code: number | null): void => fail(`exited (code ${code}) before it was ready`);
    readyStream?.on('data', onData);
    // The other pipe (stderr of a simulator) is drained too, for the same reason.
    const otherStream = options.readyStream === 'stdout' ? child.stderr : child.stdout;
    otherStream?.resume();
    child.once('exit', onEarlyExit);
  });
}

/**
 * Starts any program (not node) that prints nothing when ready, such as nginx; the caller decides
 * when it is ready. Tracked like the node children, so {@link killAllChildren} stops it too.
 */
export function spawnTrackedProcess(name: string, command: string, args: readonly string[]): ChildHandle & { exited: Promise<number | null> } {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name}: could not start ${command}`);
  running.set(pid, child);
  child.stderr?.resume();
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      running.delete(pid);
      resolve(code);
    });
  });
  return { name, pid, url: '', stop: (graceMs = 3000) => stopChild(child, graceMs), exited };
}

function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Stops every child this module started and that is still running (by PID; used on exit and errors). */
export async function killAllChildren(graceMs = 3000): Promise<void> {
  await Promise.all([...running.values()].map((child) => stopChild(child, graceMs)));
}

/** Synchronous last resort for `process.on('exit')`: SIGKILL every tracked child by PID. */
export function killAllChildrenNow(): void {
  for (const pid of running.keys()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
