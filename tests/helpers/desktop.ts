/**
 * A fake of the desktop shell's port (the Electron binary cannot run here): a test overrides what it
 * looks at; the rest answers like a user who cancels every dialog.
 */
import type { DesktopPort } from '../../src/main/platform/desktop.js';

export function fakeDesktop(overrides: Partial<DesktopPort> = {}): DesktopPort {
  return {
    openFile: async () => {},
    chooseSaveTarget: async () => null,
    chooseFileToOpen: async () => null,
    chooseFolder: async () => null,
    ...overrides,
  };
}
