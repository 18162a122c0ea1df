// The desktop SecretBox over safeStorage. Electron's safeStorage is replaced by a fake that stands
// in for the OS keychain: it really encrypts (AES-GCM under a key only the fake holds), so the
// test can tell sealed bytes from plaintext the way a real keychain-backed box would produce them.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/main/platform/log.js';
import { safeStorageSecretBox, type SafeStorageLike } from '../../src/main/electron/safeStorageSecretBox.js';
import { keyFileSecretBox } from '../../src/main/platform/secrets.js';

function fakeOsKeychain(options: { available?: boolean; backend?: string } = {}): SafeStorageLike & { calls: string[] } {
  const key = randomBytes(32);
  const calls: string[] = [];
  return {
    calls,
    isEncryptionAvailable: () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptString(plain) {
      calls.push('encrypt');
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(encrypted) {
      calls.push('decrypt');
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12));
      decipher.setAuthTag(encrypted.subarray(12, 28));
      return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m, fields) => lines.push(`${m} ${JSON.stringify(fields ?? {})}`), error: (m) => lines.push(m) };
}

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'arnika-secrets-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const password = 'SMTP-pässwort: hunter2 🔐';

describe('safeStorageSecretBox with an OS keychain', () => {
  it('round-trips through the keychain and reports kind os-keychain', () => {
    const keychain = fakeOsKeychain();
    const dir = dataDir();
    const box = safeStorageSecretBox({ safeStorage: keychain, dataDir: dir, log: recordingLog() });
    expect(box.kind).toBe('os-keychain');
    const sealed = box.seal(password);
    expect(box.open(sealed)).toBe(password);
    expect(keychain.calls).toEqual(['encrypt', 'decrypt']);
    // The keychain holds the key: nothing is written next to the database.
    expect(existsSync(join(dir, 'secret.key'))).toBe(false);
  });

  it('hands the database bytes that do not contain the plaintext', () => {
    const box = safeStorageSecretBox({ safeStorage: fakeOsKeychain(), dataDir: dataDir(), log: recordingLog() });
    const sealed = box.seal(password);
    expect(Buffer.isBuffer(sealed)).toBe(true);
    expect(sealed.includes(Buffer.from(password, 'utf8'))).toBe(false);
    expect(sealed.includes(Buffer.from('hunter2', 'utf8'))).toBe(false);
    expect(sealed.toString('latin1')).not.toContain('hunter2');
    expect(sealed.toString('base64')).not.toContain(Buffer.from('hunter2').toString('base64'));
  });

  it('seals the same secret differently each time, and refuses tampered bytes', () => {
    const box = safeStorageSecretBox({ safeStorage: fakeOsKeychain(), dataDir: dataDir(), log: recordingLog() });
    const a = box.seal(password);
    expect(a.equals(box.seal(password))).toBe(false);
    const tampered = Buffer.from(a);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => box.open(tampered)).toThrow();
    expect(() => box.open(Buffer.from([9, 1, 2, 3]))).toThrow(/format/);
  });

  it('still opens a secret sealed earlier with the key file (browser mode, same data folder)', () => {
    const dir = dataDir();
    const fromBrowserMode = keyFileSecretBox(dir).seal(password);
    const box = safeStorageSecretBox({ safeStorage: fakeOsKeychain(), dataDir: dir, log: recordingLog() });
    expect(box.open(fromBrowserMode)).toBe(password);
  });

  it('refuses a key-file secret when the data folder has no key file, without creating one', () => {
    const dir = dataDir();
    const foreign = keyFileSecretBox(dataDir()).seal(password);
    const box = safeStorageSecretBox({ safeStorage: fakeOsKeychain(), dataDir: dir, log: recordingLog() });
    expect(() => box.open(foreign)).toThrow(/key file/);
    expect(existsSync(join(dir, 'secret.key'))).toBe(false);
  });
});

describe('safeStorageSecretBox without an OS keychain', () => {
  it('falls back to the key file in the data folder and says so in the log', () => {
    const keychain = fakeOsKeychain({ available: false });
    const dir = dataDir();
    const log = recordingLog();
    const box = safeStorageSecretBox({ safeStorage: keychain, dataDir: dir, log });
    expect(box.kind).toBe('key-file');
    expect(log.lines.join('\n')).toMatch(/keychain is not available.*key file/i);
    const sealed = box.seal(password);
    expect(sealed.includes(Buffer.from('hunter2'))).toBe(false);
    expect(box.open(sealed)).toBe(password);
    expect(existsSync(join(dir, 'secret.key'))).toBe(true);
    expect(keychain.calls).toEqual([]);
  });

  it("treats Linux's basic_text backend (a fixed, public password) as no keychain", () => {
    const keychain = fakeOsKeychain({ available: true, backend: 'basic_text' });
    const log = recordingLog();
    const box = safeStorageSecretBox({ safeStorage: keychain, dataDir: dataDir(), log });
    expect(box.kind).toBe('key-file');
    expect(log.lines.join('\n')).toMatch(/basic_text/);
    expect(box.open(box.seal(password))).toBe(password);
    expect(keychain.calls).toEqual([]);
  });
});
