/**
 * The `lifeline` commands (commander), loaded by main.ts once V8's young generation is held.
 */
import { releaseYoungGeneration } from './young-generation-hold.js';
import cluster from 'node:cluster';
import { Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { isGatewayError } from '../errors/index.js';
import type { CommandResult } from './command-result.js';
import { describeConfig } from './describe-config.js';
// Subcommands other than start load their modules on demand: `start` should not carry the demo,
// the simulators, the admin client or the whole of undici in memory.
import { DEFAULT_LIFELINE_URL } from './default-url.js';
import { parseWorkers, workerCount } from '../workers/worker-count.js';
import { WORKER_ID_VARIABLE } from '../workers/worker-role.js';

const program = new Command();
program.name('lifeline').description('A self-hosted LLM gateway that keeps Anthropic and OpenAI clients working through provider outages.');
// Only `start` stays up idle afterwards; every other command gets V8's default at once.
program.hook('preAction', (_program, actionCommand) => {
  if (actionCommand.name() !== 'start') releaseYoungGeneration();
});

program
  .command('start')
  .description('start the gateway (config: --config, LIFELINE_CONFIG, ./lifeline.yaml, or provider keys in the environment)')
  .option('-c, --config <path>', 'configuration file')
  .option('-p, --port <port>', 'override server.port', parsePort)
  .option('--host <host>', 'override server.host')
  .option('-w, --workers <n>', 'override server.workers: processes sharing the port (0 or auto: one per CPU; default 1)', parseWorkers)
  .action(async (options: { config?: string; port?: number; host?: string; workers?: number | 'auto' }) => {
    const config = loadConfig(options.config ? { path: options.config } : {});
    if (options.port !== undefined) config.server.port = options.port;
    if (options.host !== undefined) config.server.host = options.host;
    const workerId = Number(process.env[WORKER_ID_VARIABLE]);
    if (cluster.isWorker && Number.isInteger(workerId) && workerId > 0) {
      const { runWorker } = await import('../workers/run-worker.js');
      await runWorker(config, workerId);
      releaseYoungGeneration();
      return;
    }
    process.stderr.write(`${describeConfig(config)}\n`);
    const count = workerCount(options.workers ?? config.server.workers);
    if (count > 1) {
      const [{ runPrimary }, { createLogger }] = await Promise.all([import('../workers/run-primary.js'), import('../observability/create-logger.js')]);
      // The primary loads little more than this: V8's default from here on.
      releaseYoungGeneration();
      return runPrimary({ config, count, logger: createLogger(config.logging.level).child({ role: 'primary' }), write: (text) => process.stderr.write(text) });
    }
    // Loaded here, not at the top: the primary of --workers serves no request and never needs it.
    const { startLifeline } = await import('../app.js');
    const instance = await startLifeline(config);
    // Held until the first client connects: an idle gateway's own timers (health, probes) allocate little.
    instance.server.once('connection', releaseYoungGeneration);
    process.stderr.write(
      `\nLifeline listening on ${instance.url}\n` +
        `  Anthropic SDK / Claude Code: ANTHROPIC_BASE_URL=${instance.url}\n` +
        `  OpenAI SDK:                  OPENAI_BASE_URL=${instance.url}/v1\n`,
    );
    let stopping = false;
    const stop = (signal: string) => {
      // A second signal means "now": the operator does not want to wait out the grace.
      if (stopping) process.exit(1);
      stopping = true;
      process.stderr.write(`\n${signal}: no new connections; letting requests in flight finish (at most ${config.server.shutdownGraceMs ?? 30_000} ms), then stopping\n`);
      void instance.shutdown().then((cut) => {
        process.stderr.write(cut > 0 ? `stopped; ${cut} request(s) were still running when the grace ran out\n` : 'stopped; every request in flight finished\n');
        process.exit(0);
      });
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });

const configCommand = program.command('config').description('inspect the configuration');
configCommand
  .command('check')
  .description('validate the configuration and print the resolved providers and routes (no secrets)')
  .option('-c, --config <path>', 'configuration file')
  .action((options: { config?: string }) => {
    const config = loadConfig(options.config ? { path: options.config } : {});
    process.stdout.write(`${describeConfig(config)}\nconfiguration is valid\n`);
  });

program
  .command('status')
  .description('show the verdicts of a running Lifeline, one line per provider (exit 0 operational, 1 degraded, 2 outage, 3 unreachable)')
  .option('-u, --url <base>', 'base URL of the running Lifeline (default: LIFELINE_URL or http://127.0.0.1:4000)')
  .option('--json', 'print the status JSON (/api/lifeline/status) instead of text')
  .action(async (options: { url?: string; json?: boolean }) => {
    const url = options.url ?? (process.env.LIFELINE_URL || DEFAULT_LIFELINE_URL);
    const { runStatusCommand } = await import('./status-command.js');
    finish(await runStatusCommand({ url, json: options.json === true }));
  });

program
  .command('check')
  .description('probe every key of every provider once: valid, invalid, rate-limited, out of quota, provider down (exit 0 only when all are valid)')
  .option('-c, --config <path>', 'configuration file')
  .action(async (options: { config?: string }) => {
    const config = loadConfig(options.config ? { path: options.config } : {});
    const { runCheckCommand } = await import('./check-command.js');
    finish(await runCheckCommand(config));
  });

const incidents = program.command('incidents').description('read and write incidents of a running Lifeline through its admin API (token: --token or LIFELINE_ADMIN_TOKEN)');
const adminTarget = (options: { url?: string; token?: string }) => ({
  url: options.url ?? (process.env.LIFELINE_URL || DEFAULT_LIFELINE_URL),
  token: options.token ?? process.env.LIFELINE_ADMIN_TOKEN,
});
const withAdminOptions = (command: Command) =>
  command.option('-u, --url <base>', 'base URL of the running Lifeline (default: LIFELINE_URL or http://127.0.0.1:4000)').option('--token <token>', 'admin token (default: LIFELINE_ADMIN_TOKEN)');
withAdminOptions(incidents.command('list').description('recent incidents, newest first').option('--unresolved', 'only open incidents').option('--limit <n>', 'how many', parsePositive)).action(
  async (options: { url?: string; token?: string; unresolved?: boolean; limit?: number }) => finish(await (await import('./incidents-command.js')).listIncidents(adminTarget(options), options)),
);
withAdminOptions(incidents.command('show <id>').description('one incident with its timeline')).action(async (id: string, options: { url?: string; token?: string }) =>
  finish(await (await import('./incidents-command.js')).showIncident(adminTarget(options), id)),
);
withAdminOptions(
  incidents
    .command('update <id>')
    .description('add a human update to the timeline (investigating, identified, monitoring, resolved)')
    .requiredOption('-s, --status <status>', 'investigating | identified | monitoring | resolved')
    .requiredOption('-m, --message <text>', 'what the update says'),
).action(async (id: string, options: { url?: string; token?: string; status: string; message: string }) =>
  finish(await (await import('./incidents-command.js')).updateIncident(adminTarget(options), id, options.status, options.message)),
);
withAdminOptions(
  incidents
    .command('open')
    .description('open an incident by hand')
    .requiredOption('-t, --title <title>', 'incident title')
    .requiredOption('-m, --message <text>', 'first update')
    .option('--impact <impact>', 'none | minor | major | critical')
    .option('-s, --status <status>', 'investigating | identified | monitoring'),
).action(async (options: { url?: string; token?: string; title: string; message: string; impact?: string; status?: string }) =>
  finish(await (await import('./incidents-command.js')).openIncident(adminTarget(options), options)),
);
withAdminOptions(incidents.command('postmortem <id>').description('publish the postmortem of a resolved incident').requiredOption('-m, --message <text>', 'postmortem text')).action(
  async (id: string, options: { url?: string; token?: string; message: string }) => finish(await (await import('./incidents-command.js')).postmortemIncident(adminTarget(options), id, options.message)),
);

const keys = program.command('keys').description('Lifeline client keys in the configured store (SQLite or PostgreSQL): create, list, revoke, usage');
const withConfig = (command: Command) => command.option('-c, --config <path>', 'configuration file (its storage: block names the store)');
const configOf = (options: { config?: string }) => loadConfig(options.config ? { path: options.config } : {});
withConfig(
  keys
    .command('create')
    .description('create a key and print it once (stdout); the store keeps its SHA-256 only')
    .requiredOption('-n, --name <name>', 'unique name (letters, digits, . _ -)')
    .option('--routes <globs>', 'model globs the key may use, comma-separated (default: every route), e.g. "claude-*,gpt-*"')
    .option('--rpm <n>', 'requests per minute at most', parsePositive)
    .option('--tokens-per-day <n>', 'input + output tokens per UTC day at most', parsePositive)
    .option('--expires <duration>', 'lifetime such as 30d, 12h, 90m, 2w')
    .option('--defer', 'defer this key\'s requests when every target fails (as x-lifeline-defer: true)'),
).action(async (options: { config?: string; name: string; routes?: string; rpm?: number; tokensPerDay?: number; expires?: string; defer?: boolean }) =>
  finish(await (await import('./keys-command.js')).createKeyCommand(configOf(options), options)),
);
withConfig(keys.command('list').description('every key: name, prefix, state, routes, limits, usage today, last used').option('--json', 'print JSON')).action(
  async (options: { config?: string; json?: boolean }) => finish(await (await import('./keys-command.js')).listKeysCommand(configOf(options), options)),
);
withConfig(keys.command('revoke <name>').description('revoke a key (running instances refuse it within 5 s)')).action(async (name: string, options: { config?: string }) =>
  finish(await (await import('./keys-command.js')).revokeKeyCommand(configOf(options), name)),
);
withConfig(keys.command('usage <name>').description("a key's requests and tokens per day, model and answering target").option('--days <n>', 'how many days, today included (default 7)', parsePositive).option('--json', 'print JSON')).action(
  async (name: string, options: { config?: string; days?: number; json?: boolean }) => finish(await (await import('./keys-command.js')).keyUsageCommand(configOf(options), name, options)),
);

const storeCommand = program.command('store').description('the configured store');
withConfig(storeCommand.command('migrate').description('bring the store to this version\'s schema (safe to run from several instances at once)')).action(async (options: { config?: string }) =>
  finish(await (await import('./keys-command.js')).migrateStoreCommand(configOf(options))),
);

program
  .command('demo')
  .description('run Lifeline in front of two SIMULATED providers with client traffic, and play a scripted outage (about a minute)')
  .option('-p, --port <port>', 'port of the demo Lifeline (0 picks a free one)', parsePort, 4000)
  .option('--fast', 'compressed timeline (about 20 s)')
  .option('--exit', 'exit when the script ends (exit 0 when clients saw no errors and an incident opened and resolved)')
  .action(async (options: { port: number; fast?: boolean; exit?: boolean }) => {
    const write = (text: string) => void process.stdout.write(text);
    let demo: Awaited<ReturnType<typeof import('./demo/run-demo.js')['startDemo']>>;
    try {
      const { startDemo } = await import('./demo/run-demo.js');
      demo = await startDemo({ port: options.port, fast: options.fast === true, write });
    } catch (error) {
      if ((error as { code?: unknown }).code === 'EADDRINUSE') throw new Error(`port ${options.port} is in use; pass --port <another port> (0 picks a free one)`);
      throw error;
    }
    const stop = (signal: string) => {
      process.stderr.write(`\n${signal}: stopping the demo (traffic, Lifeline, simulated providers)\n`);
      void demo.stop().then(() => process.exit(0));
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    const outcome = await demo.finished;
    if (outcome.interrupted) return;
    if (options.exit) {
      await demo.stop();
      process.exit(outcome.exitCode);
    }
    write(`\nThe script is over; the status page stays up at ${demo.url}/status with live traffic. Press Ctrl-C to stop.\n`);
  });

/** Prints a command's result and exits with its code (after stdout has drained). */
function finish(result: CommandResult): void {
  if (result.stderr) process.stderr.write(result.stderr);
  process.stdout.write(result.stdout, () => process.exit(result.exitCode));
}

function parsePositive(value: string): number {
  const number = Number.parseInt(value, 10);
  if (!Number.isInteger(number) || number <= 0) throw new Error(`expected a positive whole number: ${value}`);
  return number;
}

function parsePort(value: string): number {
  const port = Number.parseInt(value, 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${value}`);
  return port;
}

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`lifeline: ${isGatewayError(error) || error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
