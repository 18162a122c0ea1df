import type { mailDe } from './de.js';

export const mailEn: Record<keyof typeof mailDe, string> = {
};
