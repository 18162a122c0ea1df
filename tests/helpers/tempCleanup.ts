/** vitest setup file: the temporary folders of a test file go when the file is done. */
import { afterAll } from 'vitest';
import { removeTempDirs } from './tempDir.js';

afterAll(() => removeTempDirs());
