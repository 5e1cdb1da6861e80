/** The harness the example apps' tests share: run `pnpm demo` as a process and check what it printed. */

export { expectTenantDemo } from './expect-tenant-demo.js';
export { type ExampleRun, runExample } from './run-example.js';
