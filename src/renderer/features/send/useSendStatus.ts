/**
 * Whether the invoices on screen went out by email (mail.invoiceSendStatus for one page's ids),
 * refreshed when a send changed. For the small "gesendet" marker in invoice lists.
 */
import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import type { InvoiceSendStatus } from '../../../shared/contract/mail.js';
import { api } from '../../api.js';
import { useSendChanges } from './sendEvents.js';

export type SendStatus = z.infer<typeof InvoiceSendStatus>;

export function useSendStatus(invoiceIds: string[]): Map<string, SendStatus> {
  const key = invoiceIds.slice(0, 1000).join(',');
  const [status, setStatus] = useState<Map<string, SendStatus>>(new Map());
  const load = useCallback(async () => {
    const ids = key.split(',').filter(Boolean);
    if (ids.length === 0) return setStatus(new Map());
    const result = await api.call('mail.invoiceSendStatus', { invoiceIds: ids });
    if (result.ok) setStatus(new Map(result.data.map((s) => [s.invoiceId, s])));
  }, [key]);
  useEffect(() => {
    void load();
  }, [load]);
  useSendChanges(null, () => void load());
  return status;
}
