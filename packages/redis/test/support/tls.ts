import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** PEM files of a throwaway CA, a server certificate for 127.0.0.1 and a client certificate. */
export interface TestCertificates {
  readonly dir: string;
  readonly caFile: string;
  readonly serverCert: string;
  readonly serverKey: string;
  /** PEM contents, as the clients take them. */
  readonly ca: string;
  readonly clientCert: string;
  readonly clientKey: string;
  /** Another CA, which signed nothing here: a client trusting only it refuses the server. */
  readonly otherCa: string;
  remove(): void;
}

/** Makes the certificates with openssl in a temporary directory. */
export async function makeCertificates(): Promise<TestCertificates> {
  const dir = mkdtempSync(join(tmpdir(), 'visma-auth-tls-'));
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => run('openssl', args, { cwd: dir, timeout: 20_000 });
  const ca = async (name: string) => {
    await openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.crt`,
    );
  };
  await ca('ca');
  await ca('other-ca');
  writeFileSync(path('san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  for (const who of ['server', 'client']) {
    await openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${who}`,
      '-keyout',
      `${who}.key`,
      '-out',
      `${who}.csr`,
    );
    await openssl(
      'x509',
      '-req',
      '-in',
      `${who}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      'san.ext',
      '-out',
      `${who}.crt`,
    );
  }
  return {
    dir,
    caFile: path('ca.crt'),
    serverCert: path('server.crt'),
    serverKey: path('server.key'),
    ca: readFileSync(path('ca.crt'), 'utf8'),
    clientCert: readFileSync(path('client.crt'), 'utf8'),
    clientKey: readFileSync(path('client.key'), 'utf8'),
    otherCa: readFileSync(path('other-ca.crt'), 'utf8'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** redis-server arguments that add a TLS port; `mutual` makes it require a client certificate. */
export function tlsArgs(certs: TestCertificates, tlsPort: number, mutual: boolean): string[] {
  return [
    '--tls-port',
    String(tlsPort),
    '--tls-cert-file',
    certs.serverCert,
    '--tls-key-file',
    certs.serverKey,
    '--tls-ca-cert-file',
    certs.caFile,
    '--tls-auth-clients',
    mutual ? 'yes' : 'no',
  ];
}

/** A free port on 127.0.0.1, below 55535 so a cluster node's bus port fits too. */
export async function freeTlsPort(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const server = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const address = server.address();
    await new Promise((resolve) => server.close(resolve));
    if (address && typeof address === 'object' && address.port < 55_535) return address.port;
  }
  throw new Error('no free port');
}
