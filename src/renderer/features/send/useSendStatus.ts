/**
 * Whether the invoices on screen went out by email (mail.invoiceSendStatus for one page's ids),
 * refetched when a send changed (sendChanges). For the small "gesendet" marker in invoice lists.
 */
import type { z } from 'zod';
import type { InvoiceSendStatus } from '../../../shared/contract/mail.js';
import { useApiQuery } from '../../data/query.js';

export type SendStatus = z.infer<typeof InvoiceSendStatus>;

const none = new Map<string, SendStatus>();

export function useSendStatus(invoiceIds: string[]): Map<string, SendStatus> {
  const ids = invoiceIds.slice(0, 1000);
  const query = useApiQuery('mail.invoiceSendStatus', { invoiceIds: ids }, {
    enabled: ids.length > 0,
    select: (list) => new Map(list.map((s) => [s.invoiceId, s])),
  });
  return (ids.length > 0 && query.data) || none;
}
