/**
 * @visma-auth/cli: the `visma-auth` command line. The bin is the main product; {@link run} lets
 * scripts and tests run a command in-process with their own streams.
 */
export { UsageError } from './args.js';
export type { CliIo, CliReadable, CliWritable, ExitCode } from './io.js';
export { run, VERSION } from './run.js';
