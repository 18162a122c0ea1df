import { moneyDe } from './de.js';

// TRANSLATE-PENDING
export const moneyEn: Record<keyof typeof moneyDe, string> = { ...moneyDe };
