/**
 * Entry point of the `dossier` command (bin/dossier.js runs the bundle of
 * this file). Each command is a chunk of the bundle loaded when it runs
 * (program.ts); `dossier import` works in a thread of its own, bundled
 * separately (threads/import-thread.ts).
 * @module
 */
import { main } from './program.js';

const code = await main();
if (code !== 0) process.exitCode = code;
