import type { uiDe } from './de.js';

export const uiIt: Record<keyof typeof uiDe, string> = {
};
