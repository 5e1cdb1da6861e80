/**
 * Just enough of the Redis protocol (RESP2) to send one command over a fresh TCP connection, so
 * tests can check or reset a server without this package depending on a Redis client.
 * @see https://redis.io/docs/latest/develop/reference/protocol-spec/
 */
import { createConnection } from 'node:net';

/** A decoded reply: status and bulk strings, integers, `null` (nil), and arrays of those. */
export type RedisReply = string | number | null | RedisReply[];

/** Sends `args` as one command to `host:port` and resolves with the reply; an error reply rejects. */
export function redisCommand(
  host: string,
  port: number,
  args: readonly string[],
  timeoutMs = 2000,
): Promise<RedisReply> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host });
    let data = Buffer.alloc(0);
    const finish = (error: Error | undefined, reply?: RedisReply) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(reply ?? null);
    };
    const timer = setTimeout(
      () => finish(new Error(`Redis at ${host}:${port} did not answer within ${timeoutMs} ms.`)),
      timeoutMs,
    );
    socket.once('error', (error) => finish(error));
    socket.once('connect', () => socket.write(encode(args)));
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      let parsed: Parsed | undefined;
      try {
        parsed = parse(data, 0);
      } catch (error) {
        return finish(error as Error);
      }
      if (parsed === undefined) return; // incomplete: wait for more
      if (parsed.error !== undefined) finish(new Error(`Redis replied: ${parsed.error}`));
      else finish(undefined, parsed.value);
    });
  });
}

function encode(args: readonly string[]): Buffer {
  const parts = [`*${args.length}\r\n`];
  for (const arg of args) parts.push(`$${Buffer.byteLength(arg)}\r\n${arg}\r\n`);
  return Buffer.from(parts.join(''));
}

interface Parsed {
  value: RedisReply;
  /** The first error reply met, top level or nested. */
  error?: string;
  end: number;
}

/** Parses one reply at `start`, or returns `undefined` when `data` does not hold all of it yet. */
function parse(data: Buffer, start: number): Parsed | undefined {
  const lineEnd = data.indexOf('\r\n', start);
  if (lineEnd === -1) return undefined;
  const type = String.fromCharCode(data[start] ?? 0);
  const line = data.toString('utf8', start + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: line, end: next };
    case '-':
      return { value: null, error: line, end: next };
    case ':':
      return { value: Number(line), end: next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, end: next };
      if (data.length < next + length + 2) return undefined;
      return { value: data.toString('utf8', next, next + length), end: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, end: next };
      const items: RedisReply[] = [];
      let end = next;
      let error: string | undefined;
      for (let i = 0; i < count; i++) {
        const item = parse(data, end);
        if (item === undefined) return undefined;
        items.push(item.value);
        error ??= item.error;
        end = item.end;
      }
      return error === undefined ? { value: items, end } : { value: items, error, end };
    }
    default:
      throw new Error(`Unexpected Redis reply: ${JSON.stringify(data.toString('utf8', start))}`);
  }
}
