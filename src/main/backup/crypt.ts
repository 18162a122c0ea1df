/**
 * Owns the encryption of a backup file: the age format (age-encryption.org/v1, an open
 * specification with interoperable tools: `age`, `rage`, and the age-encryption package used here)
 * with one passphrase recipient. Whoever has the passphrase opens the file with Arnika or with
 * `age --decrypt` and gets a plain SQLite database (README, "Backing up").
 *
 * The passphrase is stretched with scrypt exactly as the age specification says (the "scrypt"
 * stanza: salt, work factor, the file key wrapped with ChaCha20-Poly1305), but through Node's
 * native scrypt, which runs off the main thread: the package's own is synchronous JavaScript and
 * would hold the app still for about two seconds per file. The payload (64 KiB chunks of
 * ChaCha20-Poly1305, a nonce per file, the last chunk flagged) is the package's.
 *
 * Refusals are told apart here: not an age file at all, or one for other recipients (not a backup);
 * a passphrase that does not unwrap the file key (wrong passphrase); a header or payload that does
 * not authenticate, or ends early (changed or truncated).
 */
import { Decrypter, Encrypter, Stanza, type Identity, type Recipient } from 'age-encryption';
import { createCipheriv, createDecipheriv, createHash, randomBytes, scrypt } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { ReadableStream } from 'node:stream/web';
import { AppError } from '../../shared/errors.js';

const scryptLabel = 'age-encryption.org/v1/scrypt';
const ageMagic = 'age-encryption.org/v1\n';
/** age's default: about a second of work for every guess at the passphrase. */
export const defaultWorkFactor = 18;
/** The most a file we open may ask for (the age-encryption package's own limit): 2^20 needs 1 GiB. */
const maxWorkFactor = 20;
/** Written to the disk in pieces of about this size (the payload comes in 64 KiB chunks). */
const writeBatchBytes = 1 << 20;

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64').replace(/=+$/, '');

/** scrypt(N = 2^logN, r = 8, p = 1) as age uses it, in Node's thread pool. */
export function scryptKey(passphrase: string, salt: Buffer, logN: number): Promise<Buffer> {
  const N = 2 ** logN;
  return new Promise((resolve, reject) => {
    scrypt(passphrase, salt, 32, { N, r: 8, p: 1, maxmem: 2 * 128 * 8 * N + (1 << 20) }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function stanzaSalt(salt: Buffer): Buffer {
  return Buffer.concat([Buffer.from(scryptLabel), salt]);
}

class NativeScryptRecipient implements Recipient {
  constructor(private readonly passphrase: string, private readonly logN: number) {}

  async wrapFileKey(fileKey: Uint8Array): Promise<Stanza[]> {
    const salt = randomBytes(16);
    const key = await scryptKey(this.passphrase, stanzaSalt(salt), this.logN);
    const cipher = createCipheriv('chacha20-poly1305', key, Buffer.alloc(12), { authTagLength: 16 });
    const body = Buffer.concat([cipher.update(fileKey), cipher.final(), cipher.getAuthTag()]);
    return [new Stanza(['scrypt', b64(salt), String(this.logN)], new Uint8Array(body))];
  }
}

/** Unwraps the file key from the scrypt stanza and remembers why it could not, for the refusal. */
class NativeScryptIdentity implements Identity {
  outcome: 'no_scrypt_stanza' | 'wrong_passphrase' | 'unwrapped' = 'no_scrypt_stanza';

  constructor(private readonly passphrase: string) {}

  async unwrapFileKey(stanzas: Stanza[]): Promise<Uint8Array | null> {
    const s = stanzas.find((x) => x.args[0] === 'scrypt');
    if (!s) return null;
    // The specification: a passphrase-encrypted file has exactly one recipient.
    if (stanzas.length !== 1) throw damaged('an scrypt stanza is not the only one in the header');
    const [, saltText, logNText] = s.args;
    if (s.args.length !== 3 || !saltText || !logNText || !/^[1-9][0-9]*$/.test(logNText)) throw damaged('invalid scrypt stanza');
    const salt = Buffer.from(saltText, 'base64');
    if (salt.length !== 16 || b64(salt) !== saltText) throw damaged('invalid scrypt salt');
    const logN = Number(logNText);
    if (logN > maxWorkFactor) throw damaged('scrypt work factor too high');
    if (s.body.length !== 32) throw damaged('invalid scrypt stanza body');
    const key = await scryptKey(this.passphrase, stanzaSalt(salt), logN);
    const decipher = createDecipheriv('chacha20-poly1305', key, Buffer.alloc(12), { authTagLength: 16 });
    decipher.setAuthTag(s.body.subarray(16));
    try {
      const fileKey = Buffer.concat([decipher.update(s.body.subarray(0, 16)), decipher.final()]);
      this.outcome = 'unwrapped';
      return new Uint8Array(fileKey);
    } catch {
      this.outcome = 'wrong_passphrase';
      return null;
    }
  }
}

export function damaged(detail: string): AppError {
  return new AppError('backup.damaged', `The backup file is changed or incomplete: ${detail}`);
}

export function notABackup(detail: string): AppError {
  return new AppError('backup.not_a_backup', `This is not an Arnika backup: ${detail}`);
}

export interface Progress {
  (bytes: number): void;
}

/** What passed through: the plaintext's SHA-256 and size (the same on both ends of a good backup). */
export interface PlainDigest {
  sha256: string;
  size: number;
}

/** A file's bytes as a web stream, hashed and counted on the way. */
function hashedSource(path: string, digest: { hash: ReturnType<typeof createHash>; size: number }, onProgress: Progress): ReadableStream<Uint8Array> {
  async function* chunks() {
    for await (const chunk of createReadStream(path, { highWaterMark: writeBatchBytes }) as AsyncIterable<Buffer>) {
      digest.hash.update(chunk);
      digest.size += chunk.length;
      onProgress(digest.size);
      yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
    }
  }
  return ReadableStream.from(chunks());
}

/** Writes a stream's chunks to the handle in pieces of about a megabyte. */
async function drainTo(stream: AsyncIterable<Uint8Array>, out: FileHandle, onChunk?: (chunk: Uint8Array) => void): Promise<number> {
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let written = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const block = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await out.write(block);
    written += block.length;
  };
  for await (const chunk of stream) {
    onChunk?.(chunk);
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes >= writeBatchBytes) await flush();
  }
  await flush();
  return written;
}

/**
 * Encrypts the file at `source` into `out` (a handle the caller opened, and syncs and closes).
 * Returns the digest of the plaintext that went in.
 */
export async function encryptFile(source: string, out: FileHandle, passphrase: string, options: { workFactor?: number; onProgress?: Progress } = {}): Promise<PlainDigest> {
  const encrypter = new Encrypter();
  encrypter.addRecipient(new NativeScryptRecipient(passphrase, options.workFactor ?? defaultWorkFactor));
  const digest = { hash: createHash('sha256'), size: 0 };
  const encrypted = await encrypter.encrypt(hashedSource(source, digest, options.onProgress ?? (() => {})) as unknown as globalThis.ReadableStream<Uint8Array>);
  await drainTo(encrypted as unknown as AsyncIterable<Uint8Array>, out);
  return { sha256: digest.hash.digest('hex'), size: digest.size };
}

/** The first bytes of a file: is it age at all? */
async function startsWithAgeMagic(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(ageMagic.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return bytesRead === head.length && head.toString('latin1') === ageMagic;
  } finally {
    await handle.close();
  }
}

/**
 * Decrypts the age file at `source` into the file `target` (created, or truncated). Returns the
 * plaintext's digest. Refuses with backup.not_a_backup, backup.wrong_passphrase or backup.damaged;
 * what was written to `target` by then is the caller's to remove.
 */
export async function decryptFile(source: string, target: string, passphrase: string, options: { onProgress?: Progress } = {}): Promise<PlainDigest> {
  if (!(await startsWithAgeMagic(source))) throw notABackup('no age header');
  const identity = new NativeScryptIdentity(passphrase);
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  const encryptedSize = { hash: createHash('sha256'), size: 0 };
  const onProgress = options.onProgress ?? (() => {});
  let plain: AsyncIterable<Uint8Array>;
  try {
    plain = (await decrypter.decrypt(hashedSource(source, encryptedSize, onProgress) as unknown as globalThis.ReadableStream<Uint8Array>)) as unknown as AsyncIterable<Uint8Array>;
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (identity.outcome === 'wrong_passphrase') throw new AppError('backup.wrong_passphrase', 'The passphrase does not open this backup');
    if (identity.outcome === 'no_scrypt_stanza' && /no identity matched/.test(String((err as Error).message))) {
      throw notABackup('an age file for other recipients, not a passphrase');
    }
    throw damaged(String((err as Error).message ?? err));
  }
  const hash = createHash('sha256');
  let size = 0;
  const out = await open(target, 'w', 0o600);
  try {
    await drainTo(plain, out, (chunk) => {
      hash.update(chunk);
      size += chunk.length;
    });
    await out.sync();
  } catch (err) {
    if (err instanceof AppError || (err as NodeJS.ErrnoException).code !== undefined) throw err;
    // The payload did not authenticate, or it ended before its last chunk.
    throw damaged(String((err as Error).message ?? err));
  } finally {
    await out.close();
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * The key that seals the secrets inside a backup (mail passwords, platform/secrets.ts
 * backupKeySecretBox): scrypt of the same passphrase with a salt of its own, apart from the age
 * file key by a label of its own.
 */
export function secretsKey(passphrase: string, salt: Buffer, workFactor: number): Promise<Buffer> {
  return scryptKey(passphrase, Buffer.concat([Buffer.from('arnika-backup/v1/secrets'), salt]), workFactor);
}
