/** CLI: `node dist/bench/summarise-profile.js <file.cpuprofile> [limit]` prints the top self-time functions. */
import { readFileSync } from 'node:fs';
import { cpuProfileSchema, renderCpuProfileSummary, summariseCpuProfile } from './cpu-profile-summary.js';

const [file, limitText] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write('usage: node dist/bench/summarise-profile.js <file.cpuprofile> [limit]\n');
  process.exit(2);
}
const profile = cpuProfileSchema.parse(JSON.parse(readFileSync(file, 'utf8')) as unknown);
process.stdout.write(`${renderCpuProfileSummary(summariseCpuProfile(profile, limitText ? Number(limitText) : 25))}\n`);
