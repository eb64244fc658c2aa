import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built CLI (`npm test` builds it first). */
const CLI_PATH = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
/** Output kept per stream: enough for the last lines of a failing run, bounded however long it runs. */
const MAX_KEPT_CHARS = 256 * 1024;

/** `lifeline start` running as its own process, as an operator runs it. */
export interface LifelineProcess {
  /** Base URL it printed once listening. */
  url: string;
  pid: number;
  /** What it wrote so far (the last 256 KiB of each). */
  stdout(): string;
  stderr(): string;
  /** Sends `signal` to this process (by its PID) and resolves with how it ended. */
  stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `node dist/cli/main.js start -c <configPath>` and resolves once it says it listens.
 * A process that has not said so within `timeoutMs` is killed and the start rejects.
 */
export function startLifelineProcess(configPath: string, options: { timeoutMs?: number; /** More `start` options, e.g. `['--workers', '2']`. */ args?: string[] } = {}): Promise<LifelineProcess> {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`npm run build\` (npm test does) before these tests`);
  // LIFELINE_* from the developer's shell must not leak into the run.
  const { LIFELINE_URL: _url, LIFELINE_CONFIG: _config, ...env } = process.env;
  const child: ChildProcess = spawn(process.execPath, [CLI_PATH, 'start', '--config', configPath, ...(options.args ?? [])], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const keep = (text: string) => (text.length > MAX_KEPT_CHARS ? text.slice(-MAX_KEPT_CHARS) : text);
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout = keep(stdout + chunk)));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = keep(stderr + chunk)));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`lifeline start did not listen within ${options.timeoutMs ?? 15_000} ms; stderr:\n${stderr}`));
    }, options.timeoutMs ?? 15_000);
    const onData = () => {
      const match = /Lifeline listening on (http:\/\/\S+)/.exec(stderr);
      if (!match) return;
      clearTimeout(timer);
      child.stderr!.off('data', onData);
      resolve({
        url: match[1]!,
        pid: child.pid!,
        stdout: () => stdout,
        stderr: () => stderr,
        stop(signal) {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return ended;
        },
      });
    };
    child.stderr!.on('data', onData);
    void ended.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`lifeline start exited (code ${code}, signal ${signal}) before listening; stderr:\n${stderr}`));
    });
  });
}
