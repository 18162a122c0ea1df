/**
 * The backup contract refuses in zod, before any handler runs: a second workstation without a name,
 * and a backup folder that is not an absolute path (it would depend on where Arnika started).
 */
import { expect, test } from 'vitest';
import { backupMethods, isAbsolutePath } from '../../src/shared/contract/backup.js';

const restoreId = '0190f5c4-8a9e-7c3b-9d2e-1f2a3b4c5d6e';
const retention = { daily: 7, weekly: 4, monthly: 12 };

function issues(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return result.success ? [] : result.error!.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

test('backup.restore: a second workstation needs its name in the schema; replace does not', () => {
  const input = backupMethods['backup.restore'].input;
  expect(issues(input.safeParse({ restoreId, mode: 'secondWorkstation' }))).toEqual([{ path: 'workstationName', message: 'v.required' }]);
  expect(issues(input.safeParse({ restoreId, mode: 'secondWorkstation', workstationName: '  ' }))).toEqual([{ path: 'workstationName', message: 'v.required' }]);
  expect(input.safeParse({ restoreId, mode: 'secondWorkstation', workstationName: 'Empfang' }).success).toBe(true);
  expect(input.safeParse({ restoreId, mode: 'replace' }).success).toBe(true);
});

test('backup.configure: the folder is an absolute path, or none', () => {
  const input = backupMethods['backup.configure'].input;
  for (const folder of ['Sicherung', './Sicherung', '../NAS', 'D:Sicherung', '~/Sicherung']) {
    expect(issues(input.safeParse({ folder, retention })), folder).toEqual([{ path: 'folder', message: 'v.backup_folder_absolute' }]);
  }
  for (const folder of ['/Volumes/Sicherung', 'D:\\Sicherung', 'd:/Sicherung', '\\\\NAS\\Praxis', '', null]) {
    expect(input.safeParse({ folder, retention }).success, String(folder)).toBe(true);
  }
  expect(isAbsolutePath('\\\\NAS')).toBe(false);
});
