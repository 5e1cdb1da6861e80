/**
 * The command-line runner for Node, Bun and Deno: reads the config from its first argument,
 * runs the cases and prints one JSON line.
 */
import { runSmoke, type SmokeConfig } from './cases.js';

declare const Deno: { args: string[] } | undefined;
declare const process: { argv: string[] } | undefined;

const args = typeof Deno !== 'undefined' ? Deno.args : (process?.argv.slice(2) ?? []);
const config = JSON.parse(args[0] ?? '{}') as SmokeConfig;
const results = await runSmoke(config);
console.log(JSON.stringify({ results }));
