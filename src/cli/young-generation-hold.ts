/**
 * Holds V8's young generation at its starting size while Lifeline loads, from the moment this
 * module is evaluated (main.ts, before it imports the commands in program.ts) until
 * {@link releaseYoungGeneration}.
 *
 * Why: loading ~400 modules, building their schemas and the gateway allocates objects that all
 * live on, and V8 reads a high survival rate in the young generation as "grow it": its semi-spaces
 * double at each such scavenge, from 1 MB to 16 MB each (32 MB committed and touched) within the
 * first half second. An idle gateway never needs them, and V8 only gives them back when its memory
 * reducer runs, 8 s or more after the last full GC and later still on a busy machine. Measured
 * (VmRSS 15 s after `lifeline start`, bench config, 3–4 processes starting at once on 2 cores):
 * 91–98 MB without the hold, 75–85 MB with it; heap committed 53–55 MB vs 23–32 MB. Held only
 * from inside program.ts, a preloaded module (`--import`, as the bench's loop probe) let the whole
 * CLI graph compile before the hold and the semi-spaces reach 4 MB (84–85 MB).
 * At the first client connection (a worker of `--workers`: once listening; any other command: at
 * once) growth is released back to V8's default factor, so under load the young generation grows
 * as before (a small young generation under load would promote short-lived request garbage and
 * cost CPU); until then the gateway's own timers (health, probes) allocate little.
 *
 * `--semi-space-growth-factor` is read by V8 each time it grows the new space, so changing it at
 * run time takes effect; an operator who sets it (NODE_OPTIONS or node flags) is left alone.
 */
import { setFlagsFromString } from 'node:v8';

/** V8's own default `--semi-space-growth-factor`. */
const DEFAULT_GROWTH_FACTOR = 2;

const operatorSetsIt = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((argument) => /semi[-_]space[-_]growth[-_]factor/.test(argument));
let held = !operatorSetsIt;
if (held) setFlagsFromString('--semi-space-growth-factor=1');

/** Lets the young generation grow again (V8's default); safe to call more than once. */
export function releaseYoungGeneration(): void {
  if (!held) return;
  held = false;
  setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_GROWTH_FACTOR}`);
}
