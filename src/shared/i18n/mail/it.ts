import type { mailDe } from './de.js';

export const mailIt: Record<keyof typeof mailDe, string> = {
};
