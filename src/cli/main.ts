import { Command } from 'commander';
import { startLifeline } from '../app.js';
import { loadConfig } from '../config/load-config.js';
import { isGatewayError } from '../errors/index.js';
import { describeConfig } from './describe-config.js';

const program = new Command();
program.name('lifeline').description('A self-hosted LLM gateway that keeps Anthropic and OpenAI clients working through provider outages.');

program
  .command('start')
  .description('start the gateway (config: --config, LIFELINE_CONFIG, ./lifeline.yaml, or provider keys in the environment)')
  .option('-c, --config <path>', 'configuration file')
  .option('-p, --port <port>', 'override server.port', parsePort)
  .option('--host <host>', 'override server.host')
  .action(async (options: { config?: string; port?: number; host?: string }) => {
    const config = loadConfig(options.config ? { path: options.config } : {});
    if (options.port !== undefined) config.server.port = options.port;
    if (options.host !== undefined) config.server.host = options.host;
    process.stderr.write(`${describeConfig(config)}\n`);
    const instance = await startLifeline(config);
    process.stderr.write(
      `\nLifeline listening on ${instance.url}\n` +
        `  Anthropic SDK / Claude Code: ANTHROPIC_BASE_URL=${instance.url}\n` +
        `  OpenAI SDK:                  OPENAI_BASE_URL=${instance.url}/v1\n`,
    );
    const stop = (signal: string) => {
      process.stderr.write(`\n${signal}: closing connections and stopping\n`);
      void instance.close().then(() => process.exit(0));
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
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

function parsePort(value: string): number {
  const port = Number.parseInt(value, 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${value}`);
  return port;
}

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`lifeline: ${isGatewayError(error) || error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
