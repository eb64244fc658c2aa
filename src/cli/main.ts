/**
 * The `lifeline` CLI's entry point (bin/lifeline.js, `node dist/cli/main.js`). It only puts the
 * young-generation hold in place, then loads the commands: Node fetches and compiles a module's
 * whole static import graph before running the first of them, so the hold has to come from a
 * graph of its own for the CLI's modules to be compiled under it (young-generation-hold.ts).
 */
import './young-generation-hold.js';

await import('./program.js');
