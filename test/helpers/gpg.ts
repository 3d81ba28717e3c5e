/**
 * The real `gpg` binary (GnuPG 2.2) in a throwaway GNUPGHOME, for interoperability tests.
 * Every run is `--batch --no-tty --status-fd 3`, so tests read machine status lines
 * (`[GNUPG:] GOODSIG ...`) instead of localised human text.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface GpgResult {
  code: number;
  stdout: Buffer;
  stderr: string;
  /** Status lines without the `[GNUPG:] ` prefix, e.g. `VALIDSIG <fpr> ...`. */
  status: string[];
}

/** A key made by GnuPG itself. */
export interface GpgKey {
  fingerprint: string;
  public: string;
  secret: string;
}

/** `rsa3072`: RSA-3072 sign/cert + RSA-3072 encryption subkey; `ed25519`: ed25519 + cv25519; `dsa`: DSA-2048 + ElGamal-2048. */
export type GpgKeyKind = 'rsa3072' | 'ed25519' | 'dsa';

const SUBKEY: Record<GpgKeyKind, [primary: string, subkey: string]> = {
  rsa3072: ['rsa3072', 'rsa3072'],
  ed25519: ['ed25519', 'cv25519'],
  dsa: ['dsa2048', 'elg2048'],
};

export class GpgHome {
  private constructor(readonly dir: string) {}

  /** Makes an empty GNUPGHOME (mode 700) under the system temp folder. */
  static async create(): Promise<GpgHome> {
    const dir = await mkdtemp(join(tmpdir(), 'advisory-feed-gpg-'));
    await chmod(dir, 0o700);
    return new GpgHome(dir);
  }

  /** Runs gpg with `args` (batch mode, status on fd 3), feeding `input` on stdin. Never throws on exit codes. */
  run(args: string[], input?: string | Uint8Array): Promise<GpgResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('gpg', ['--homedir', this.dir, '--batch', '--no-tty', '--status-fd', '3', ...args], {
        env: { ...process.env, GNUPGHOME: this.dir, LC_ALL: 'C' },
        stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      const status: Buffer[] = [];
      child.stdout.on('data', (c: Buffer) => out.push(c));
      child.stderr.on('data', (c: Buffer) => err.push(c));
      (child.stdio[3] as NodeJS.ReadableStream).on('data', (c: Buffer) => status.push(c));
      child.on('error', reject);
      child.on('close', (code) => resolve({
        code: code ?? 1,
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString('utf8'),
        status: Buffer.concat(status).toString('utf8').split('\n').filter((l) => l.startsWith('[GNUPG:] ')).map((l) => l.slice(9)),
      }));
      // gpg may exit without reading stdin (--quick-gen-key, an early error): the EPIPE that
      // follows is not a test failure, and unhandled it would crash the whole uvu run.
      child.stdin.on('error', () => undefined);
      child.stdin.end(input ?? '');
    });
  }

  /** Like run(), but throws with gpg's stderr when it exits non-zero. */
  async ok(args: string[], input?: string | Uint8Array): Promise<GpgResult> {
    const result = await this.run(args, input);
    if (result.code !== 0) throw new Error(`gpg ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
    return result;
  }

  /** Imports armoured or binary keys (public or secret). */
  async import(key: string | Uint8Array): Promise<void> {
    await this.ok(['--import'], key);
  }

  /** Generates a key with GnuPG (no passphrase, no expiry), returns it exported. */
  async generate(kind: GpgKeyKind, name: string): Promise<GpgKey> {
    const uid = `${name} <${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.test>`;
    const [primary, subkey] = SUBKEY[kind];
    const noPassphrase = ['--pinentry-mode', 'loopback', '--passphrase', ''];
    const generated = await this.ok([...noPassphrase, '--quick-gen-key', uid, primary, 'sign,cert', 'never']);
    const created = generated.status.find((l) => l.startsWith('KEY_CREATED '));
    const fingerprint = created?.split(' ')[2];
    if (fingerprint === undefined) throw new Error(`gpg printed no KEY_CREATED: ${generated.stderr}`);
    await this.ok([...noPassphrase, '--quick-add-key', fingerprint, subkey, 'encr', 'never']);
    return {
      fingerprint,
      public: (await this.ok(['--armor', '--export', fingerprint])).stdout.toString('utf8'),
      secret: (await this.ok([...noPassphrase, '--armor', '--export-secret-keys', fingerprint])).stdout.toString('utf8'),
    };
  }

  /** The status line starting with `keyword`, or undefined. */
  static statusLine(result: GpgResult, keyword: string): string | undefined {
    return result.status.find((l) => l === keyword || l.startsWith(`${keyword} `));
  }

  /** Deletes the GNUPGHOME (and stops its gpg-agent). */
  async remove(): Promise<void> {
    await new Promise<void>((resolve) => {
      const child = spawn('gpgconf', ['--homedir', this.dir, '--kill', 'all'], { stdio: 'ignore', env: { ...process.env, GNUPGHOME: this.dir } });
      child.on('error', () => resolve());
      child.on('close', () => resolve());
    });
    await rm(this.dir, { recursive: true, force: true });
  }
}
