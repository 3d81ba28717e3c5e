/**
 * The HTTP server the bench's partner polls, on 127.0.0.1. A partner fetches its feed from a
 * static host or a CDN, so by default the bench serves the build output with nginx, when it is
 * installed: sendfile, ETags from size and mtime, 304s, nothing else. Otherwise (or with
 * `--server node`) it uses the tests' node:http server (test/helpers/feed-server.ts), which runs
 * inside the bench process and so takes its CPU (~0.35 ms a request) from the same two cores the
 * client syncs with.
 *
 * Both report what they answered: path, status and body bytes (nginx from its access log).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { startFeedServer } from '../../test/helpers/feed-server.js';
import { track } from './children.js';

export type ServerKind = 'nginx' | 'node';

export interface ServedRequest {
  path: string;
  status: number;
  /** Body bytes sent. */
  bytes: number;
}

export interface BenchServer {
  kind: ServerKind;
  /** e.g. `nginx/1.22.1`, or `node:http (in the bench process)`. */
  description: string;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Every request answered so far, in order. */
  requests(): Promise<ServedRequest[]>;
  close(): Promise<void>;
}

/** The nginx binary on PATH or in /usr/sbin (Debian's), or undefined. */
export function findNginx(): string | undefined {
  const onPath = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).stdout.trim();
  if (onPath !== '') return onPath;
  return existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : undefined;
}

/** Serves `root` with the server of `kind`; `scratch` holds nginx's configuration, logs and pid. */
export async function serveFolder(root: string, scratch: string, kind: ServerKind): Promise<BenchServer> {
  if (kind === 'node') return serveWithNode(root);
  const nginx = findNginx();
  if (nginx === undefined) throw new Error('nginx is not installed (apt-get install nginx-light), or run the bench with --server node');
  return serveWithNginx(nginx, root, scratch);
}

async function serveWithNode(root: string): Promise<BenchServer> {
  const server = await startFeedServer(root);
  return {
    kind: 'node',
    description: 'node:http (test/helpers/feed-server.ts, in the bench process)',
    origin: server.origin,
    async requests() {
      const served: ServedRequest[] = [];
      for (const r of server.requests) {
        // Body bytes: the size of each file answered 200 (304s and 404s carry none that count).
        const bytes = r.status === 200 ? (await stat(path.join(root, r.path))).size : 0;
        served.push({ path: r.path, status: r.status, bytes });
      }
      return served;
    },
    close: () => server.close(),
  };
}

async function serveWithNginx(nginx: string, root: string, scratch: string): Promise<BenchServer> {
  const dir = path.join(scratch, 'nginx');
  await mkdir(dir, { recursive: true });
  const log = path.join(dir, 'access.log');
  const version = spawnSync(nginx, ['-v'], { encoding: 'utf8' }).stderr.trim().replace(/^nginx version: /, '');
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    await writeFile(path.join(dir, 'nginx.conf'), nginxConfig(root, dir, log, port));
    const child = track(spawn(nginx, ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] }));
    try {
      await untilListening(child, port);
    } catch (error) {
      lastError = error; // most likely the port was taken in between: try another
      child.kill('SIGKILL');
      continue;
    }
    return {
      kind: 'nginx',
      description: version,
      origin: `http://127.0.0.1:${port}`,
      async requests() {
        const text = await readFile(log, 'utf8').catch(() => '');
        return text.split('\n').filter((line) => line !== '').map((line) => {
          const [status, bytes, uri] = line.split(' ');
          return { status: Number(status), bytes: Number(bytes), path: decodeURIComponent(uri ?? '') };
        });
      },
      close: () => stop(child),
    };
  }
  throw new Error(`nginx did not start: ${String(lastError)}`);
}

function nginxConfig(root: string, dir: string, log: string, port: number): string {
  const asRoot = process.getuid?.() === 0;
  return [
    // As root, nginx's workers would switch to nobody, who cannot read the bench's private folders.
    ...(asRoot ? ['user root;'] : []),
    'daemon off;',
    'worker_processes 1;',
    `pid ${path.join(dir, 'nginx.pid')};`,
    `error_log ${path.join(dir, 'error.log')};`,
    'events { worker_connections 256; }',
    'http {',
    "  log_format bench '$status $body_bytes_sent $request_uri';",
    `  access_log ${log} bench;`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${path.join(dir, t)};`),
    '  sendfile on;',
    '  default_type application/octet-stream;',
    `  server { listen 127.0.0.1:${port}; root ${root}; etag on; }`,
    '}',
    '',
  ].join('\n');
}

/** A port nobody listens on right now (another process may take it before nginx does). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves once nginx answers on `port`; rejects if it exits first or takes over 5 s. */
async function untilListening(child: ChildProcess, port: number): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`nginx exited (${code}): ${stderr.trim()}`))));
  exited.catch(() => undefined); // an exit after it started is stop()'s business
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const answered = await Promise.race([fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false), exited]);
    if (answered) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('nginx did not answer within 5 s');
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGQUIT'); // graceful shutdown
  });
}
