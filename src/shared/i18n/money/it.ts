import { moneyDe } from './de.js';

// TRANSLATE-PENDING
export const moneyIt: Record<keyof typeof moneyDe, string> = { ...moneyDe };
