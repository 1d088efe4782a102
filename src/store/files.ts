import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Store } from './connect.ts';

/**
 * Original files, content-addressed: a file is kept once under its sha256
 * (`<dir>/sha256/ab/cd/abcd…`), so that a second upload of the same bytes is the same
 * file, and nothing that arrives is lost whatever its extraction does. The directory sits
 * beside the embedded database (`chokepoint.db.files/`); a team on PostgreSQL names a
 * shared one with CHOKEPOINT_FILES_DIR (default `./chokepoint.files`).
 */
export function filesDir(store: Pick<Store, 'dialect' | 'location'>): string {
  const configured = process.env.CHOKEPOINT_FILES_DIR;
  if (configured) return resolve(configured);
  if (store.dialect === 'sqlite') {
    if (store.location === ':memory:') return join(tmpdir(), 'chokepoint-memory.files');
    return resolve(`${store.location}.files`);
  }
  return resolve('chokepoint.files');
}

export function blobPath(dir: string, sha256: string): string {
  return join(dir, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/** The sha256 of a file, streamed (never held whole). */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

export function sha256Bytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * Keeps a file's bytes (a path, or bytes in memory) under their sha256 and returns it.
 * Written to a temporary name first and renamed, so a reader never sees half a file.
 */
export async function putBlob(dir: string, from: { path: string } | { bytes: Uint8Array }) {
  const sha256 = 'path' in from ? await sha256File(from.path) : sha256Bytes(from.bytes);
  const target = blobPath(dir, sha256);
  if (await exists(target)) return { sha256, path: target };
  await mkdir(dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
  if ('path' in from) await copyFile(from.path, tmp);
  else await writeFile(tmp, from.bytes);
  await rename(tmp, target);
  return { sha256, path: target };
}

/** A derived file (a page image, a printed PDF) kept beside the blobs, by name. */
export function derivedPath(dir: string, sha256: string, name: string): string {
  return join(dir, 'derived', sha256.slice(0, 2), sha256, name);
}
