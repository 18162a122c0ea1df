import { moneyDe } from './de.js';

// TRANSLATE-PENDING
export const moneyFr: Record<keyof typeof moneyDe, string> = { ...moneyDe };
