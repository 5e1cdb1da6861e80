// How much memory a 401 with a large body costs while the interceptor renews the token: peak
// RSS growth over one request whose 401 carries BODY_MB (default 200) MB, streamed by the API.
// Run: node --expose-gc --import tsx bench/held-401-memory.ts [BODY_MB]
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestServers } from '@visma-auth-internal/adapter-conformance';
import { Agent, request } from 'undici';
import { vismaAuth } from '../src/index.js';

const bodyMb = Number(process.argv[2] ?? 200);
const chunk = Buffer.alloc(1024 * 1024, 'x');
const api = createServer((req, res) => {
  req.resume();
  res.writeHead(401, { 'content-type': 'text/plain' });
  let sent = 0;
  const pump = () => {
    while (sent < bodyMb) {
      sent++;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    res.end();
  };
  pump();
});
api.listen(0, '127.0.0.1');
await once(api, 'listening');
const url = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
const servers = await startTestServers({ clientId: 'held-401-memory' });
const agent = new Agent();
const dispatcher = agent.compose(vismaAuth(servers.provider, { origins: [url] }));

globalThis.gc?.();
const before = process.memoryUsage().rss;
let peak = before;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 5);
const res = await request(`${url}/v1/report`, { dispatcher });
let received = 0;
for await (const part of res.body) received += (part as Buffer).length;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
console.log(
  JSON.stringify({
    status: res.statusCode,
    bodyMb: received / 2 ** 20,
    tokenRequests: servers.connect.counts.token,
    peakRssGrowthMb: Math.round((peak - before) / 2 ** 20),
  }),
);
await agent.close();
await servers.close();
api.closeAllConnections();
api.close();
