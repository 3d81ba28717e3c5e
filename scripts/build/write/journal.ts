/**
 * Atomic file placement with an undo log. Every file goes to a temp name beside its target and is
 * renamed over it (readers see the old or the new file, never half of one). The journal records
 * what it created and the old bytes of what it replaced, so `rollback` puts the output back
 * exactly as it was when a later step fails.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { TEMP_MARK } from '../seal/orphans.js';
import type { WriteFs } from './write-fs.js';

export class Journal {
  private readonly created: string[] = [];
  private readonly createdDirs: string[] = [];
  private readonly replaced: { file: string; old: Uint8Array }[] = [];

  constructor(
    private readonly fs: WriteFs,
    private readonly out: string,
  ) {}

  /** Writes a file that must not exist yet (content-addressed items). */
  async create(rel: string, data: Uint8Array): Promise<void> {
    await this.place(rel, data);
    this.created.push(rel);
  }

  /** Writes a file that may exist (indexes, public files, state), keeping its old bytes for undo. */
  async replace(rel: string, data: Uint8Array, exists: boolean): Promise<void> {
    const target = path.join(this.out, rel);
    if (!exists) return this.create(rel, data);
    const old = await this.fs.readFile(target);
    this.replaced.push({ file: rel, old });
    await this.place(rel, data);
  }

  /** Undoes everything, newest first; keeps going past errors so as much as possible is restored. */
  async rollback(): Promise<unknown[]> {
    const errors: unknown[] = [];
    for (const { file, old } of [...this.replaced].reverse()) {
      await this.place(file, old).catch((e: unknown) => errors.push(e));
    }
    for (const file of [...this.created].reverse()) {
      await this.fs.remove(path.join(this.out, file)).catch((e: unknown) => errors.push(e));
    }
    for (const dir of [...this.createdDirs].reverse()) {
      await this.fs.remove(dir).catch((e: unknown) => errors.push(e));
    }
    return errors;
  }

  private async place(rel: string, data: Uint8Array): Promise<void> {
    const target = path.join(this.out, rel);
    const first = await this.fs.mkdir(path.dirname(target));
    if (first !== undefined) this.createdDirs.push(first);
    const temp = `${target}${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      await this.fs.writeFile(temp, data);
      await this.fs.rename(temp, target);
    } catch (error) {
      await this.fs.remove(temp).catch(() => undefined);
      throw error;
    }
  }
}
