/**
 * Owns the encryption of a backup file: the age format, version 1 (age-encryption.org/v1, an open
 * specification with interoperable tools: `age`, `rage`, the age-encryption package), with one
 * passphrase ("scrypt") recipient. Whoever has the passphrase opens the file with Arnika or with
 * `age --decrypt` and gets a plain SQLite database (README, "Backing up").
 *
 * Written here on Node's own crypto (scrypt, HKDF-SHA-256, HMAC-SHA-256, ChaCha20-Poly1305), to
 * the letter of the specification, because the age-encryption package is pure JavaScript: about
 * 25–90 MB/s on the machines here against more than 1 GB/s native, and its scrypt holds the app
 * still for seconds. Tests hold this code to the package and to the `age` command both ways (each
 * opens what the other wrote), and to flipped bytes and truncations.
 *
 * The file: the header (the version line, one stanza "-> scrypt <salt> <log2 N>" whose body is the
 * 16-byte file key sealed with ChaCha20-Poly1305 under scrypt(passphrase, label || salt), and
 * "--- <HMAC-SHA-256 of the header>" under a key derived from the file key); then a 16-byte nonce;
 * then the payload in chunks of 64 KiB, each sealed with ChaCha20-Poly1305 under
 * HKDF(file key, nonce, "payload"), the chunk's number and a last-chunk flag as its nonce.
 *
 * Refusals are told apart here: not an age file at all, or one for other recipients (not a backup);
 * a passphrase that does not unwrap the file key (wrong passphrase); a header or payload that does
 * not authenticate, or ends early, or goes on after its last chunk (changed or truncated).
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { AppError } from '../../shared/errors.js';

const version = 'age-encryption.org/v1';
const scryptLabel = 'age-encryption.org/v1/scrypt';
/** age's default: about a second of work for every guess at the passphrase. */
export const defaultWorkFactor = 18;
/** The most a file we open may ask for (the age-encryption package's limit too): 2^20 needs 1 GiB. */
const maxWorkFactor = 20;
const chunkSize = 64 * 1024;
const tagSize = 16;
const sealedChunkSize = chunkSize + tagSize;
/** Read and written in pieces of this many chunks (a megabyte). */
const chunksPerBatch = 16;
/** A header with one stanza is about 200 bytes; anything beyond this is not ours. */
const maxHeader = 16 * 1024;

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64').replace(/=+$/, '');

/** Canonical unpadded base64 (as age writes it), or null. */
function fromB64(text: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]*$/.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return b64(bytes) === text ? bytes : null;
}

export function damaged(detail: string): AppError {
  return new AppError('backup.damaged', `The backup file is changed or incomplete: ${detail}`);
}

export function notABackup(detail: string): AppError {
  return new AppError('backup.not_a_backup', `This is not an Arnika backup: ${detail}`);
}

/** scrypt(N = 2^logN, r = 8, p = 1) as age uses it, in Node's thread pool (the app answers meanwhile). */
export function scryptKey(passphrase: string, salt: Buffer, logN: number): Promise<Buffer> {
  const N = 2 ** logN;
  return new Promise((resolve, reject) => {
    scrypt(passphrase, salt, 32, { N, r: 8, p: 1, maxmem: 2 * 128 * 8 * N + (1 << 20) }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/**
 * The key that seals the secrets inside a backup (mail passwords, platform/secrets.ts
 * backupKeySecretBox): scrypt of the same passphrase with a salt of its own, apart from the age
 * file key by a label of its own.
 */
export function secretsKey(passphrase: string, salt: Buffer, workFactor: number): Promise<Buffer> {
  return scryptKey(passphrase, Buffer.concat([Buffer.from('arnika-backup/v1/secrets'), salt]), workFactor);
}

const hkdf = (ikm: Buffer, salt: Buffer, info: string) => Buffer.from(hkdfSync('sha256', ikm, salt, info, 32));

function seal(key: Buffer, nonce: Buffer, plain: Buffer): Buffer {
  const c = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: tagSize });
  return Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
}

/** The plaintext, or null when it does not authenticate. */
function unseal(key: Buffer, nonce: Buffer, sealed: Buffer): Buffer | null {
  if (sealed.length < tagSize) return null;
  const d = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: tagSize });
  d.setAuthTag(sealed.subarray(sealed.length - tagSize));
  try {
    return Buffer.concat([d.update(sealed.subarray(0, sealed.length - tagSize)), d.final()]);
  } catch {
    return null;
  }
}

/** The nonce of payload chunk `index`: 11 bytes big-endian counter, then 1 on the last chunk. */
function chunkNonce(index: number, last: boolean): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeUIntBE(index, 5, 6);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

/** A stanza's body as age writes it: base64 in lines of 64 characters, the last one shorter (maybe empty). */
function bodyLines(body: Buffer): string {
  const text = b64(body);
  let out = '';
  for (let i = 0; i <= text.length; i += 64) out += `${text.slice(i, i + 64)}\n`;
  return out;
}

export interface Progress {
  (bytes: number): void;
}

/**
 * What passed through: the plaintext's size (the same on both ends of a good backup). No hash of
 * the plaintext: every 64 KiB chunk is authenticated under a key of this file alone, in its place
 * and with the last one marked, so a file that decrypts is the plaintext that went in, byte for byte.
 */
export interface PlainDigest {
  size: number;
}

/**
 * Encrypts the file at `source` into `out` (a handle the caller opened, and syncs and closes).
 * Returns the size of the plaintext that went in.
 */
export async function encryptFile(source: string, out: FileHandle, passphrase: string, options: { workFactor?: number; onProgress?: Progress } = {}): Promise<PlainDigest> {
  const logN = options.workFactor ?? defaultWorkFactor;
  const fileKey = randomBytes(16);
  const salt = randomBytes(16);
  const wrapKey = await scryptKey(passphrase, Buffer.concat([Buffer.from(scryptLabel), salt]), logN);
  const stanza = `-> scrypt ${b64(salt)} ${logN}\n${bodyLines(seal(wrapKey, Buffer.alloc(12), fileKey))}`;
  const macInput = `${version}\n${stanza}---`;
  const mac = createHmac('sha256', hkdf(fileKey, Buffer.alloc(0), 'header')).update(macInput).digest();
  const nonce = randomBytes(16);
  const payloadKey = hkdf(fileKey, nonce, 'payload');
  await out.write(Buffer.concat([Buffer.from(`${macInput} ${b64(mac)}\n`), nonce]));

  const input = await open(source, 'r');
  try {
    const size = (await input.stat()).size;
    const chunks = Math.max(1, Math.ceil(size / chunkSize));
    const buffer = Buffer.alloc(chunkSize * chunksPerBatch);
    for (let first = 0; first < chunks; first += chunksPerBatch) {
      const count = Math.min(chunksPerBatch, chunks - first);
      const length = Math.min(count * chunkSize, size - first * chunkSize);
      const { bytesRead } = await input.read(buffer, 0, length, first * chunkSize);
      if (bytesRead !== length) throw new Error('the snapshot changed while it was encrypted');
      const plain = buffer.subarray(0, length);
      const sealed: Buffer[] = [];
      for (let i = 0; i < count; i++) {
        const index = first + i;
        sealed.push(seal(payloadKey, chunkNonce(index, index === chunks - 1), plain.subarray(i * chunkSize, (i + 1) * chunkSize)));
      }
      await out.write(Buffer.concat(sealed));
      options.onProgress?.(first * chunkSize + length);
    }
    return { size };
  } finally {
    await input.close();
  }
}

/** The header of an age file: where the payload starts, and its file key unwrapped with the passphrase. */
async function readHeader(file: FileHandle, passphrase: string): Promise<{ fileKey: Buffer; length: number }> {
  const head = Buffer.alloc(maxHeader);
  const { bytesRead } = await file.read(head, 0, head.length, 0);
  const text = head.subarray(0, bytesRead).toString('latin1');
  if (!text.startsWith(`${version}\n`)) throw notABackup('no age header');
  const end = text.indexOf('\n---');
  if (end < 0) throw damaged('the header does not end');
  const macEnd = text.indexOf('\n', end + 4);
  if (macEnd < 0 || text[end + 4] !== ' ') throw damaged('the header does not end');
  const mac = fromB64(text.slice(end + 5, macEnd));
  if (!mac || mac.length !== 32) throw damaged('the header MAC is malformed');

  // The stanzas: "-> type args…" and base64 body lines, the last one shorter than 64 characters.
  const lines = text.slice(version.length + 1, end + 1).split('\n').slice(0, -1);
  const stanzas: { args: string[]; body: Buffer }[] = [];
  for (let i = 0; i < lines.length; ) {
    const line = lines[i++]!;
    if (!line.startsWith('-> ')) throw damaged('a stanza is malformed');
    const args = line.slice(3).split(' ');
    let body = '';
    for (;;) {
      const bodyLine = lines[i++];
      if (bodyLine === undefined || bodyLine.length > 64) throw damaged('a stanza body is malformed');
      body += bodyLine;
      if (bodyLine.length < 64) break;
    }
    const bytes = fromB64(body);
    if (!bytes) throw damaged('a stanza body is malformed');
    stanzas.push({ args, body: bytes });
  }

  const scryptStanza = stanzas.find((s) => s.args[0] === 'scrypt');
  if (!scryptStanza) throw notABackup('an age file for other recipients, not a passphrase');
  // The specification: a passphrase-encrypted file has exactly one recipient.
  if (stanzas.length !== 1) throw damaged('an scrypt stanza is not the only one in the header');
  const [, saltText, logNText] = scryptStanza.args;
  const salt = fromB64(saltText ?? '');
  if (scryptStanza.args.length !== 3 || !salt || salt.length !== 16 || !/^[1-9][0-9]*$/.test(logNText ?? '') || scryptStanza.body.length !== 32) {
    throw damaged('the scrypt stanza is malformed');
  }
  const logN = Number(logNText);
  if (logN > maxWorkFactor) throw damaged('scrypt work factor too high');
  const wrapKey = await scryptKey(passphrase, Buffer.concat([Buffer.from(scryptLabel), salt]), logN);
  const fileKey = unseal(wrapKey, Buffer.alloc(12), scryptStanza.body);
  if (!fileKey) throw new AppError('backup.wrong_passphrase', 'The passphrase does not open this backup');
  const expected = createHmac('sha256', hkdf(fileKey, Buffer.alloc(0), 'header')).update(text.slice(0, end + 4), 'latin1').digest();
  if (!timingSafeEqual(expected, mac)) throw damaged('the header does not authenticate');
  return { fileKey, length: macEnd + 1 };
}

/**
 * Decrypts the age file at `source` into the file `target` (created, or truncated); with `target`
 * null it only authenticates every chunk and keeps nothing. Returns the plaintext's size. Refuses
 * with backup.not_a_backup, backup.wrong_passphrase or backup.damaged; what was written to `target`
 * by then is the caller's to remove.
 */
export async function decryptFile(source: string, target: string | null, passphrase: string, options: { onProgress?: Progress } = {}): Promise<PlainDigest> {
  const input = await open(source, 'r');
  try {
    const { fileKey, length } = await readHeader(input, passphrase);
    const fileSize = (await input.stat()).size;
    const nonce = Buffer.alloc(16);
    if ((await input.read(nonce, 0, 16, length)).bytesRead !== 16) throw damaged('the file ends after its header');
    const payloadKey = hkdf(fileKey, nonce, 'payload');
    const payloadStart = length + 16;
    const payloadSize = fileSize - payloadStart;
    // Read to the file's known end: a file cut at a chunk boundary, or one with something after its
    // last chunk, fails the last chunk's flag.
    const chunks = Math.max(1, Math.ceil(payloadSize / sealedChunkSize));
    const lastSize = payloadSize - (chunks - 1) * sealedChunkSize;
    if (payloadSize < tagSize || (chunks > 1 && lastSize <= tagSize)) throw damaged('the payload is cut short');

    const out = target === null ? null : await open(target, 'w', 0o600);
    let size = 0;
    try {
      const buffer = Buffer.alloc(sealedChunkSize * chunksPerBatch);
      for (let first = 0; first < chunks; first += chunksPerBatch) {
        const count = Math.min(chunksPerBatch, chunks - first);
        const bytes = Math.min(count * sealedChunkSize, payloadSize - first * sealedChunkSize);
        const { bytesRead } = await input.read(buffer, 0, bytes, payloadStart + first * sealedChunkSize);
        if (bytesRead !== bytes) throw damaged('the file ended while it was read');
        const plain: Buffer[] = [];
        for (let i = 0; i < count; i++) {
          const index = first + i;
          const sealed = buffer.subarray(i * sealedChunkSize, Math.min((i + 1) * sealedChunkSize, bytes));
          const chunk = unseal(payloadKey, chunkNonce(index, index === chunks - 1), sealed);
          if (!chunk) throw damaged(`chunk ${index} does not authenticate`);
          if (chunk.length === 0 && chunks > 1) throw damaged('an empty last chunk');
          plain.push(chunk);
        }
        const block = Buffer.concat(plain);
        size += block.length;
        await out?.write(block);
        options.onProgress?.(first * sealedChunkSize + bytes);
      }
      // Not flushed here: a copy to be checked needs no durability, and a restore flushes the
      // prepared file itself before it takes the database's name.
    } finally {
      await out?.close();
    }
    return { size };
  } finally {
    await input.close();
  }
}
