/**
 * One GET over node:http(s) with keep-alive connections, for fetch-http.ts. A first sync makes
 * one request per item: fetch() (undici's WHATWG layers) costs ~0.55 ms of CPU per 16 KB item on
 * 127.0.0.1, node:http ~0.2 ms. What node:http does not do here is left to fetch(): the caller
 * repeats a redirected request, or one answered with a Content-Encoding, through fetch() (we
 * send no Accept-Encoding, so servers answer the bytes as stored).
 */
import http from 'node:http';
import https from 'node:https';

/** The parts of an HTTP answer fetch-http.ts reads, from node:http or from fetch(). */
export interface Answer {
  status: number;
  statusText: string;
  header(name: string): string | null;
  /** The body, read at most once; leaving a `for await` over it early cancels it. */
  body: AsyncIterable<Uint8Array> | null;
  /** Drops the body unread. */
  discard(): Promise<void>;
}

export type Get = (url: URL, headers: Record<string, string>, signal: AbortSignal) => Promise<Answer>;

/** A GET over one keep-alive agent per scheme (idle sockets do not keep the process alive). */
export function createNodeGet(): Get {
  const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  return (url, headers, signal) => new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const options = { headers, signal, agent: secure ? agents.https : agents.http };
    const request = (secure ? https.get : http.get)(url, options, (response) => {
      resolve({
        status: response.statusCode ?? 0,
        statusText: response.statusMessage ?? '',
        header(name) {
          const value = response.headers[name.toLowerCase()];
          return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
        },
        body: response,
        async discard() {
          response.destroy();
        },
      });
    });
    request.on('error', reject);
  });
}

/** fetch()'s Response as an Answer. */
export function answerOf(response: Response): Answer {
  return {
    status: response.status,
    statusText: response.statusText,
    header: (name) => response.headers.get(name),
    body: response.body,
    async discard() {
      await response.body?.cancel().catch(() => undefined);
    },
  };
}

/** True when node:http's answer must be fetched again through fetch(): a redirect, or an encoded body. */
export function needsFetch(answer: Answer): boolean {
  const encoding = answer.header('content-encoding');
  return (answer.status >= 300 && answer.status < 400 && answer.status !== 304) || (encoding !== null && encoding !== 'identity');
}
