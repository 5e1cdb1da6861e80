import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DemoServer } from './tenant-demo.js';

/**
 * The demo's view of a Node HTTP server the app listens on (127.0.0.1, port 0): resolves once it
 * listens; `close` drops its keep-alive connections and resolves when it has closed.
 */
export async function nodeDemoServer(server: Server): Promise<DemoServer> {
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
