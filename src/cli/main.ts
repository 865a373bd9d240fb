/**
 * Entry point of the `dossier` command (bin/dossier.js runs the bundle of this file).
 * @module
 */
import { main } from './program.js';

const code = await main();
if (code !== 0) process.exitCode = code;
