/**
 * The log a user can send: a rotating file in the data folder with codes, ids and stack frames and
 * nothing about a patient, no password; rotation by size; and app.exportLog, which hands it over
 * (bounded) even when the database cannot be opened.
 */
import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { fileLogger, logDir } from '../../src/main/platform/log.js';
import { readLogFiles, rotatingLogFile } from '../../src/main/platform/logFile.js';
import { appVersion } from '../../src/main/platform/version.js';
import { makeApp, tempDir } from '../helpers/app.js';
import { patientInput, practiceInput } from '../helpers/fixtures.js';

const logText = (dataDir: string) => readFileSync(join(logDir(dataDir), 'arnika.log'), 'utf8');

describe('what the log keeps', () => {
  test('an unexpected error that quotes a patient and a password is logged as code, method and stack frames only', async () => {
    const dataDir = tempDir();
    const app = await makeApp({ dataDir, app: { log: fileLogger(logDir(dataDir)) } });
    await app.call('practices.create', { practice: practiceInput() });
    const patient = await app.call('patients.create', { patient: patientInput({ firstName: 'Annelies', lastName: 'Zwygart' }) });
    // A damaged record: JSON.parse's message quotes the text it choked on.
    app.db!.prepare('UPDATE patients SET billing_recipient = ? WHERE id = ?').run('Annelies Zwygart, Passwort hunter2, 079 555 12 34', patient.id);

    const error = await app.fail('patients.get', { id: patient.id });
    expect(error).toEqual({ code: 'internal', message: 'Internal error' });

    const log = logText(dataDir);
    expect(log).toMatch(/ INFO app\.start version=/);
    expect(log).toMatch(/ ERROR dispatch\.unexpected_error method=patients\.get\n {2}SyntaxError\n( {4}at .+\n)+/);
    expect(log).toContain('at JSON.parse');
    for (const secret of ['Annelies', 'Zwygart', 'hunter2', '079', 'is not valid JSON']) expect(log).not.toContain(secret);
    // Frames name files, not the folders they are in (which can hold the user's name).
    expect(log).not.toContain('/work/');
    expect(log).not.toContain(dataDir);
    app.cleanup();
  });

  test('fields keep ids, codes, numbers and times; anything else is redacted; causes and codes of errors are kept', () => {
    const dir = tempDir();
    const log = fileLogger(dir, () => new Date('2026-11-23T10:00:00Z'));
    const cause = Object.assign(new Error('SMTP said: 535 5.7.8 password hunter2 rejected for anna.mueller@example.ch'), { code: 'EAUTH' });
    const err = Object.assign(new Error('Could not open the password of Anna Müller', { cause }), { code: 'ERR_CRYPTO' });
    log.error('mail.password_unreadable', err, {
      profileId: '11111111-1111-4111-8111-111111111111', code: 'mail.auth_failed', attempt: 2, next: '2026-11-23T10:05:00.000Z', name: 'Anna Müller', address: 'anna@example.ch',
    });
    log.info('Mail to 079 555 12 34, anna.mueller@example.ch or https://example.ch/?t=secret' as never);
    log.error('not.an.error', 'a thrown string with Anna Müller in it');
    const text = readFileSync(join(dir, 'arnika.log'), 'utf8');
    expect(text).toContain('2026-11-23T10:00:00.000Z ERROR mail.password_unreadable profileId=11111111-1111-4111-8111-111111111111 code=mail.auth_failed attempt=2 next=2026-11-23T10:05:00.000Z name=[redacted] address=[redacted]\n');
    expect(text).toMatch(/ {2}Error code=ERR_CRYPTO\n( {4}at .+\n)+ {2}caused by:\n {4}Error code=EAUTH\n/);
    expect(text).toContain('INFO Mail to #, [address] or [url]\n');
    expect(text).toContain('ERROR not.an.error\n  (thrown string)\n');
    for (const secret of ['Müller', 'hunter2', '535', 'anna', '079', 'secret']) expect(text).not.toContain(secret);
  });

  test('a log that cannot be written does not stop the app', () => {
    const dir = tempDir();
    const blocked = join(dir, 'logs');
    writeFileSync(blocked, 'a file where the folder should be');
    expect(() => fileLogger(blocked).error('x.y', new Error('boom'))).not.toThrow();
  });
});

describe('rotation', () => {
  test('the file is rotated by size; three files at most; reading gives the lines oldest first', () => {
    const dir = tempDir();
    const file = rotatingLogFile(dir, { maxBytes: 10_000, files: 3 });
    const line = (i: number) => `line ${String(i).padStart(5, '0')} ${'x'.repeat(480)}\n`;
    for (let i = 0; i < 200; i++) file.write(line(i));
    expect(readdirSync(dir).sort()).toEqual(['arnika.1.log', 'arnika.2.log', 'arnika.log']);
    for (const f of readdirSync(dir)) expect(statSync(join(dir, f)).size, f).toBeLessThanOrEqual(10_000);
    const all = readLogFiles(dir).split('\n').filter(Boolean);
    expect(all.at(-1)).toBe(line(199).trim());
    // What is kept is a run of consecutive lines, up to the newest.
    const numbers = all.map((l) => Number(l.slice(5, 10)));
    expect(numbers).toEqual(numbers.map((_, k) => numbers[0]! + k));
    expect(numbers.length).toBeGreaterThan(40);

    const bounded = readLogFiles(dir, { maxBytes: 2_000 });
    expect(Buffer.byteLength(bounded)).toBeLessThanOrEqual(2_000);
    expect(bounded.startsWith('line ')).toBe(true);
    expect(bounded.endsWith(line(199))).toBe(true);
  });

  test('a restarted app appends to the file it left and rotates at about 1 MB', () => {
    const dir = tempDir();
    const first = fileLogger(dir);
    for (let i = 0; i < 1500; i++) first.info('test.filler', { i, id: '11111111-1111-4111-8111-111111111111', at: '2026-11-23T10:00:00.000Z' });
    const size = statSync(join(dir, 'arnika.log')).size;
    expect(existsSync(join(dir, 'arnika.1.log'))).toBe(false);
    const second = fileLogger(dir);
    for (let i = 0; i < 8000; i++) second.info('test.filler', { i, id: '11111111-1111-4111-8111-111111111111', at: '2026-11-23T10:00:00.000Z' });
    expect(statSync(join(dir, 'arnika.1.log')).size).toBeGreaterThan(size);
    for (const f of readdirSync(dir)) expect(statSync(join(dir, f)).size, f).toBeLessThanOrEqual(1024 * 1024);
  });
});

describe('app.exportLog', () => {
  test('hands over the log with what Arnika wrote it, as text with a file name, never a path', async () => {
    const dataDir = tempDir();
    const app = await makeApp({ dataDir, app: { log: fileLogger(logDir(dataDir)) } });
    await app.fail('patients.get', { id: 'not-an-id' });
    const { fileName, content } = await app.call('app.exportLog', {});
    expect(fileName).toBe('arnika-log-2026-11-23.txt');
    expect(content.split('\n')[0]).toMatch(new RegExp(`^Arnika ${appVersion.replace(/\./g, '\\.')}, log exported 2026-11-23T10:00:00.000Z; \\w+ \\w+, Node `));
    expect(content).toContain('INFO app.start');
    expect(content).not.toContain(dataDir);
    app.cleanup();
  });

  test('works when nothing was logged, and when the database cannot be opened', async () => {
    const quiet = await makeApp();
    expect((await quiet.call('app.exportLog', {})).content).toContain('(nothing logged yet)');
    quiet.cleanup();

    const dataDir = tempDir();
    const future = new Database(join(dataDir, 'arnika.sqlite'));
    future.pragma('user_version = 999');
    future.close();
    const app = await makeApp({ dataDir, app: { log: fileLogger(logDir(dataDir)) } });
    expect((await app.fail('patients.list', {})).code).toBe('db.newer_version');
    expect((await app.call('app.exportLog', {})).content).toMatch(/ERROR db\.open_failed code=db\.newer_version/);
    app.cleanup();
  });
});
