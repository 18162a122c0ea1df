/**
 * Child process for the durability tests: opens a WAL database, commits through WalSync and never
 * closes it. argv: <database file> <'leave' | 'await'>. 'await' waits for the commit to be on disk
 * and says so. Either way the process must then end by itself.
 */
import Database from 'better-sqlite3';
import { WalSync } from '../../src/main/db/durability.js';

const [file, mode] = process.argv.slice(2);
const db = new Database(file!);
db.pragma('journal_mode = WAL');
db.exec('CREATE TABLE IF NOT EXISTS t (v TEXT NOT NULL) STRICT');
const sync = new WalSync(db);
const { durable } = sync.commit(() => db.prepare('INSERT INTO t (v) VALUES (?)').run('sending'));
if (mode === 'await') {
  await durable.onDisk;
  console.log('on disk');
}
console.log('script ended');
