import type { invoicesDe } from './de.js';

export const invoicesFr: Record<keyof typeof invoicesDe, string> = {
};
