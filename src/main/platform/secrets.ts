/**
 * Secret storage (mail passwords, the backup passphrase). Main asks a SecretBox to seal and open
 * strings; the database only ever holds sealed bytes. The desktop uses Electron's safeStorage
 * (src/main/electron); browser mode uses a key file readable only by the user, in the data folder;
 * a backup file carries its secrets sealed under a key derived from the backup's passphrase.
 *
 * Sealed bytes start with a format byte, so that a value sealed one way is recognised (not
 * mis-decrypted) when opened another: 1 key file, 2 OS keychain, 3 a backup's key.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SecretBox {
  readonly kind: 'os-keychain' | 'key-file' | 'backup-key';
  seal(plain: string): Buffer;
  open(sealed: Buffer): string;
}

export const keyFileFormat = 1;
export const backupKeyFormat = 3;

/** AES-256-GCM under `key()`: format byte, 12-byte IV, 16-byte tag, ciphertext. */
function aesGcmBox(kind: SecretBox['kind'], format: number, key: () => Buffer): SecretBox {
  return {
    kind,
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key(), iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([format]), iv, cipher.getAuthTag(), body]);
    },
    open(sealed) {
      if (sealed[0] !== format) throw new Error('unknown sealed-secret format');
      const decipher = createDecipheriv('aes-256-gcm', key(), sealed.subarray(1, 13));
      decipher.setAuthTag(sealed.subarray(13, 29));
      return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]).toString('utf8');
    },
  };
}

export function keyFileSecretBox(dataDir: string): SecretBox {
  const file = join(dataDir, 'secret.key');
  // Made when the first secret is sealed or opened, not when the app starts: starting must not
  // write into a data folder that another Arnika holds, nor make a missing database look like a
  // folder that was used before.
  let loaded: Buffer | null = null;
  const key = (): Buffer => {
    if (loaded) return loaded;
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (!existsSync(file)) writeFileSync(file, randomBytes(32), { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    const bytes = readFileSync(file);
    if (bytes.length !== 32) throw new Error(`${file} is not a 32-byte key`);
    return (loaded = bytes);
  };
  return aesGcmBox('key-file', keyFileFormat, key);
}

/**
 * Secrets inside a backup file, sealed under a 32-byte key derived from the backup's passphrase
 * (derived in src/main/backup/crypt.ts secretsKey, used by snapshot.ts and restore.ts): they travel with the backup, and open on any computer that knows
 * the passphrase, never with the keychain or key file of the computer that wrote it.
 */
export function backupKeySecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('a backup key has 32 bytes');
  return aesGcmBox('backup-key', backupKeyFormat, () => key);
}
