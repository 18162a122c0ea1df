import type { mailDe } from './de.js';

export const mailFr: Record<keyof typeof mailDe, string> = {
};
