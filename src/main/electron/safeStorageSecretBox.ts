/**
 * The desktop's SecretBox: secrets sealed by the operating system's keychain through Electron's
 * safeStorage (Keychain on macOS, DPAPI on Windows, libsecret/kwallet on Linux). safeStorage is
 * injected, so this module has no electron import and tests stand in a fake for the keychain.
 * Where no real keychain is there, it falls back to browser mode's key file, and says so.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../platform/log.js';
import { keyFileSecretBox, type SecretBox } from '../platform/secrets.js';

/** The part of Electron's safeStorage we use. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only (Electron reports 'unknown' elsewhere). */
  getSelectedStorageBackend?(): string;
}

/**
 * First byte of what the database stores. keyFileSecretBox writes 1; this box writes 2, so a
 * value sealed one way is recognised (not mis-decrypted) when the data folder is opened the other.
 */
const keychainFormat = 2;
const keyFileFormat = 1;

export interface SafeStorageSecretBoxOptions {
  safeStorage: SafeStorageLike;
  dataDir: string;
  log: Logger;
}

export function safeStorageSecretBox({ safeStorage, dataDir, log }: SafeStorageSecretBoxOptions): SecretBox {
  const backend = safeStorage.getSelectedStorageBackend?.();
  if (!safeStorage.isEncryptionAvailable() || backend === 'basic_text') {
    // basic_text is Chromium's fixed, publicly known password: no better than plain text, while
    // the key file is at least a random key only this user can read.
    log.info('The OS keychain is not available; secrets are sealed with the key file in the data folder instead.', { backend: backend ?? 'none' });
    return keyFileSecretBox(dataDir);
  }

  // Values sealed earlier in browser mode (same data folder) stay readable on the desktop.
  let keyFile: SecretBox | null = null;
  const keyFileBox = (): SecretBox => {
    if (!existsSync(join(dataDir, 'secret.key'))) throw new Error('secret was sealed with a key file, but the data folder has none');
    keyFile ??= keyFileSecretBox(dataDir);
    return keyFile;
  };

  return {
    kind: 'os-keychain',
    seal(plain) {
      return Buffer.concat([Buffer.from([keychainFormat]), safeStorage.encryptString(plain)]);
    },
    open(sealed) {
      if (sealed[0] === keychainFormat) return safeStorage.decryptString(Buffer.from(sealed.subarray(1)));
      if (sealed[0] === keyFileFormat) return keyFileBox().open(sealed);
      throw new Error('unknown sealed-secret format');
    },
  };
}
