import type { invoicesDe } from './de.js';

export const invoicesIt: Record<keyof typeof invoicesDe, string> = {
};
