/**
 * A real HTTP server on 127.0.0.1 (node:http) serving a folder the way a static host or CDN
 * does: strong ETags (inode, size and mtime, as nginx), Last-Modified, If-None-Match /
 * If-Modified-Since -> 304, 404 for what is not there. Every request is logged, and faults can be queued per path:
 * statuses (500, 503 + Retry-After), delays, bodies cut mid-way, endless bodies, replaced bodies.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';

export interface LoggedRequest {
  method: string;
  /** URL path, e.g. `/groups/acme/index.pgp`. */
  path: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  /** Status sent (0 when the connection was cut before a status). */
  status: number;
  /** Milliseconds since the epoch, when the request arrived. */
  at: number;
}

/** One injected misbehaviour, consumed by one matching request. */
export interface Fault {
  /** Answer this status instead of the file (body: a short text). */
  status?: number;
  /** Retry-After header value sent with `status`. */
  retryAfter?: string;
  /** Wait this long (ms) before answering. */
  delayMs?: number;
  /** Send the right headers, then only this many bytes of the body, then cut the connection. */
  truncateAt?: number;
  /** Stream bytes forever (no Content-Length) until the client gives up. */
  endless?: boolean;
  /** Serve these bytes instead of the file (with a matching Content-Length unless `chunked`). */
  body?: Uint8Array;
  /** Omit Content-Length (chunked transfer), so only the byte count can stop an oversize body. */
  chunked?: boolean;
}

export interface FeedServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  origin: string;
  requests: LoggedRequest[];
  /** Called for every request as it arrives (e.g. to kill a client at a chosen moment). */
  onRequest?: (request: LoggedRequest) => void;
  /** Queues faults for requests whose path ends with `pathSuffix`, consumed in order. */
  fault(pathSuffix: string, ...faults: Fault[]): void;
  close(): Promise<void>;
}

export interface FeedServerOptions {
  /** Send ETags (default true); without them clients must fall back to If-Modified-Since. */
  etags?: boolean;
}

export async function startFeedServer(root: string, options: FeedServerOptions = {}): Promise<FeedServer> {
  const etags = options.etags ?? true;
  const requests: LoggedRequest[] = [];
  const api = {} as FeedServer;
  const queues: { suffix: string; faults: Fault[] }[] = [];
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch(() => res.destroy());
  });
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const entry: LoggedRequest = { method: req.method ?? 'GET', path, status: 0, at: Date.now() };
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    if (typeof inm === 'string') entry.ifNoneMatch = inm;
    if (typeof ims === 'string') entry.ifModifiedSince = ims;
    requests.push(entry);
    api.onRequest?.(entry);
    const fault = queues.find((q) => path.endsWith(q.suffix) && q.faults.length > 0)?.faults.shift();
    if (fault?.delayMs !== undefined) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.status !== undefined) {
      entry.status = fault.status;
      res.writeHead(fault.status, fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter });
      res.end(`injected ${fault.status}\n`);
      return;
    }
    if (fault?.endless === true) {
      entry.status = 200;
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = new Uint8Array(64 * 1024).fill(0x41);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
      return;
    }
    const file = resolveInside(root, path);
    let body: Uint8Array;
    let mtime: Date;
    let etag: string;
    try {
      const info = await stat(file ?? '', { bigint: true });
      if (file === undefined || !info.isFile()) throw new Error('not a file');
      body = await readFile(file);
      mtime = info.mtime;
      // As nginx does, from the file's metadata, not its bytes (a CDN does not hash per request;
      // hashing here cost the benchmark's first sync ~5 s of the 2 cores it shares with the
      // client). Inode included: a build replaces a file by renaming a new one over it.
      etag = `"${info.ino.toString(16)}-${info.size.toString(16)}-${info.mtimeNs.toString(16)}"`;
    } catch {
      entry.status = 404;
      res.writeHead(404).end('not found\n');
      return;
    }
    if (fault?.body !== undefined) {
      body = fault.body;
      etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
    }
    const lastModified = mtime.toUTCString();
    // RFC 9110 §13.1.3: If-Modified-Since is ignored when If-None-Match is present.
    const notModified = inm !== undefined && etags
      ? inm.split(',').map((t) => t.trim()).includes(etag)
      : ims !== undefined && Math.floor(mtime.getTime() / 1000) <= Math.floor(Date.parse(ims) / 1000);
    if (notModified) {
      entry.status = 304;
      res.writeHead(304, etags ? { etag, 'last-modified': lastModified } : { 'last-modified': lastModified }).end();
      return;
    }
    entry.status = 200;
    const headers: Record<string, string | number> = { 'last-modified': lastModified, 'content-type': 'application/octet-stream' };
    if (etags) headers.etag = etag;
    if (fault?.chunked !== true) headers['content-length'] = body.byteLength;
    res.writeHead(200, headers);
    if (fault?.truncateAt !== undefined) {
      res.write(body.subarray(0, fault.truncateAt), () => res.destroy());
      return;
    }
    res.end(body);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const methods: Pick<FeedServer, 'origin' | 'requests' | 'fault' | 'close'> = {
    origin: `http://127.0.0.1:${port}`,
    requests,
    fault(suffix, ...faults) {
      queues.push({ suffix, faults });
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  Object.assign(api, methods);
  return api;
}

/** A port on 127.0.0.1 nobody listens on (for "server down"). */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Maps a URL path into `root`, or undefined when it would escape it. */
function resolveInside(root: string, path: string): string | undefined {
  const full = normalize(join(root, path));
  return full.startsWith(normalize(root) + sep) ? full : undefined;
}
