/**
 * The age format as Arnika writes and reads it, held to the age-encryption package (the reference
 * implementation in JavaScript) in both directions, at the sizes where chunking can go wrong: empty,
 * one byte, one byte short of a chunk, exactly one and two chunks, one byte over. A file cut at a
 * chunk boundary, or with a chunk appended, is refused.
 */
import { Decrypter, Encrypter } from 'age-encryption';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { decryptFile, encryptFile } from '../../src/main/backup/crypt.js';
import { tempDir } from '../helpers/tempDir.js';

const phrase = 'eine lange Passphrase';
const sizes = [0, 1, 65_535, 65_536, 65_537, 131_072, 200_000];

async function ours(plain: Buffer): Promise<Buffer> {
  const dir = tempDir();
  writeFileSync(join(dir, 'plain'), plain);
  const out = await open(join(dir, 'enc'), 'w');
  await encryptFile(join(dir, 'plain'), out, phrase, { workFactor: 10 });
  await out.close();
  return readFileSync(join(dir, 'enc'));
}

async function oursOpen(encrypted: Buffer): Promise<Buffer> {
  const dir = tempDir();
  writeFileSync(join(dir, 'enc'), encrypted);
  await decryptFile(join(dir, 'enc'), join(dir, 'plain'), phrase);
  return readFileSync(join(dir, 'plain'));
}

describe.each(sizes)('%i bytes', (size) => {
  const plain = randomBytes(size);

  test('Arnika encrypts, the package decrypts', async () => {
    const d = new Decrypter();
    d.addPassphrase(phrase);
    expect(Buffer.from(await d.decrypt(new Uint8Array(await ours(plain)))).equals(plain)).toBe(true);
  });

  test('the package encrypts, Arnika decrypts', async () => {
    const e = new Encrypter();
    e.setPassphrase(phrase);
    e.setScryptWorkFactor(10);
    expect((await oursOpen(Buffer.from(await e.encrypt(new Uint8Array(plain))))).equals(plain)).toBe(true);
  });
});

test('cut at a chunk boundary, or a chunk more: refused as changed or incomplete', async () => {
  const encrypted = await ours(randomBytes(3 * 65_536 + 10));
  const header = encrypted.indexOf('\n', encrypted.indexOf('\n---') + 1) + 1 + 16;
  const cut = encrypted.subarray(0, header + 2 * (65_536 + 16));
  await expect(oursOpen(cut)).rejects.toMatchObject({ code: 'backup.damaged' });
  const longer = Buffer.concat([encrypted, encrypted.subarray(header, header + 65_536 + 16)]);
  await expect(oursOpen(longer)).rejects.toMatchObject({ code: 'backup.damaged' });
});
