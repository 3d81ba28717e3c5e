/**
 * Regenerates the DEMO keys of the sample content: the publisher's and each sample partner's.
 * Secret keys go to demo/ (demo material only, no passphrase), public keys to partners/.
 * Dev tooling, so it imports openpgp.js directly (CONTRIBUTING.md allows it only outside scripts/).
 *
 *   node --import tsx scripts/dev/make-demo-keys.ts [ROOT]
 *
 * v4 keys only (GnuPG 2.2): legacy Curve25519 (Ed25519 signing primary + cv25519 encryption
 * subkey), and one RSA-3072 partner key to show both kinds. Created 2025-01-01 so the samples'
 * 2025 dates can be replayed with `--now`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as openpgp from 'openpgp';

const root = path.resolve(process.argv[2] ?? '.');
const created = new Date('2025-01-01T00:00:00Z');

interface Holder {
  id: string;
  name: string;
  email: string;
  rsa?: boolean;
}

const publisher: Holder = { id: 'publisher', name: 'Harborlight Software Security Advisories (DEMO KEY)', email: 'psirt@harborlight.example' };
const partners: Holder[] = [
  { id: 'northwind-cert', name: 'Northwind CERT (DEMO KEY)', email: 'cert@northwind.example' },
  { id: 'bluefin-labs', name: 'Bluefin Threat Labs (DEMO KEY)', email: 'intel@bluefin-labs.example', rsa: true },
  { id: 'kestrel-defense', name: 'Kestrel Defense (DEMO KEY)', email: 'vuln-intake@kestrel-defense.example' },
  { id: 'lumen-av', name: 'Lumen Antivirus (DEMO KEY)', email: 'research@lumen-av.example' },
  { id: 'orchid-networks', name: 'Orchid Networks (DEMO KEY)', email: 'security@orchid-networks.example' },
];

async function generate(holder: Holder): Promise<{ privateKey: string; publicKey: string }> {
  const common = { userIDs: [{ name: holder.name, email: holder.email }], date: created, format: 'armored' as const };
  return holder.rsa === true
    ? openpgp.generateKey({ ...common, type: 'rsa', rsaBits: 3072 })
    : openpgp.generateKey({ ...common, type: 'ecc', curve: 'curve25519Legacy' });
}

async function write(rel: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
  await writeFile(path.join(root, rel), text);
  console.log(`wrote ${rel}`);
}

const pub = await generate(publisher);
await write('demo/publisher.sec.asc', pub.privateKey);
await write('partners/publisher.asc', pub.publicKey);
for (const partner of partners) {
  const keys = await generate(partner);
  await write(`demo/partners/${partner.id}.sec.asc`, keys.privateKey);
  await write(`partners/keys/${partner.id}.asc`, keys.publicKey);
}
