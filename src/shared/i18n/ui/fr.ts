import type { uiDe } from './de.js';

export const uiFr: Record<keyof typeof uiDe, string> = {
};
