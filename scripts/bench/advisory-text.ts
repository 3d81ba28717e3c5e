/**
 * Deterministic synthetic advisory bodies of ~4 KB, shaped like real ones: prose, an affected
 * versions table, a list of mitigations, a code block, and (for a share of them) a restricted
 * `::: tier` section. A seeded generator keeps every run of the benchmark on the same corpus.
 */

/** Mulberry32: small, fast, seedable; quality is irrelevant here, repeatability is not. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMPONENTS = ['request parser', 'session cache', 'template engine', 'upload handler', 'admin console', 'LDAP connector', 'metrics endpoint', 'TLS terminator', 'job scheduler', 'plugin loader'];
const WEAKNESSES = ['a heap buffer overflow', 'an authentication bypass', 'a path traversal', 'an SQL injection', 'a deserialisation flaw', 'a race condition', 'an integer overflow', 'a server-side request forgery'];
const IMPACTS = ['execute arbitrary code', 'read arbitrary files', 'escalate privileges', 'cause a denial of service', 'bypass authorisation checks', 'disclose session tokens'];

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

function paragraph(random: () => number, product: string): string {
  const component = pick(random, COMPONENTS);
  return (
    `The ${component} of ${product} contains ${pick(random, WEAKNESSES)} that lets a remote, ` +
    `unauthenticated attacker ${pick(random, IMPACTS)}. The flaw is reachable through the default ` +
    `configuration when the ${component} is enabled, which is the case on most installations. ` +
    `Exploitation requires network access to the service port and no user interaction. ` +
    `Systems behind a reverse proxy that strips the affected headers are less exposed but remain ` +
    `vulnerable to authenticated users.`
  );
}

export interface BodyOptions {
  product: string;
  /** Tier of the restricted section, or undefined for none. */
  restrictedTier?: string;
  /** A unique marker placed inside the restricted section (tests use it as a canary). */
  marker?: string;
}

export function advisoryBody(random: () => number, options: BodyOptions): string {
  const { product } = options;
  const rows = Array.from({ length: 4 }, (_, i) => `| ${product} ${i + 3}.x | ${i + 3}.0.0 - ${i + 3}.${4 + i}.2 | ${i + 3}.${5 + i}.0 |`);
  const parts = [
    '## Summary',
    '',
    paragraph(random, product),
    '',
    '## Details',
    '',
    paragraph(random, product),
    '',
    paragraph(random, product),
    '',
    '## Affected versions',
    '',
    '| Product | Affected | Fixed |',
    '| --- | --- | --- |',
    ...rows,
    '',
    '## Mitigation',
    '',
    '1. Upgrade to a fixed version listed above.',
    `2. Until then, disable the ${pick(random, COMPONENTS)} in \`/etc/${product.toLowerCase().replace(/\W+/g, '-')}/server.conf\`.`,
    '3. Restrict access to the management port to trusted networks.',
    '4. Review access logs for requests with unusually long header values.',
    '',
    '```sh',
    `sudo systemctl stop ${product.toLowerCase().replace(/\W+/g, '-')}`,
    `sudo apt-get install --only-upgrade ${product.toLowerCase().replace(/\W+/g, '-')}`,
    'grep -E "X-Forwarded-(Host|Prefix)" /var/log/gateway/access.log | head',
    '```',
    '',
    '## Detection',
    '',
    paragraph(random, product),
    '',
  ];
  if (options.restrictedTier !== undefined) {
    parts.push(
      `::: tier ${options.restrictedTier}`,
      '',
      '## Proof of concept',
      '',
      `The following request reproduces the issue against a default installation. ${options.marker ?? ''}`,
      '',
      '```http',
      'POST /api/v2/session HTTP/1.1',
      'Host: target.example',
      `X-Forwarded-Prefix: ${'A'.repeat(64)}%00/../../admin`,
      'Content-Length: 0',
      '```',
      '',
      paragraph(random, product),
      '',
      ':::',
      '',
    );
  }
  return parts.join('\n');
}
