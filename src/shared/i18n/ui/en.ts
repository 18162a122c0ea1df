import type { uiDe } from './de.js';

export const uiEn: Record<keyof typeof uiDe, string> = {
};
