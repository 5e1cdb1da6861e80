/** The demo driver of the example apps: their config from the environment and the local tenant demo. */
export { type DemoCaller, type DemoConfig, demoConfigFromEnv } from './demo-config.js';
export { nodeDemoServer } from './node-server.js';
export { type DemoServer, runTenantDemo } from './tenant-demo.js';
