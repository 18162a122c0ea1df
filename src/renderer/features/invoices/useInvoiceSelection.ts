/** Ticked invoices of a list, kept across pages (the invoice table's checkboxes and the selection bar). */
import { useMemo, useState } from 'react';
import type { InvoiceSummary } from '../../../shared/contract/index.js';
import type { TableSelection } from './InvoiceTable.js';

export function useInvoiceSelection(items: InvoiceSummary[]) {
  const [selected, setSelected] = useState<Map<string, InvoiceSummary>>(new Map());
  const selection = useMemo<TableSelection>(() => ({
    isSelected: (id) => selected.has(id),
    toggle: (inv, on) => setSelected((s) => {
      const next = new Map(s);
      if (on) next.set(inv.id, inv);
      else next.delete(inv.id);
      return next;
    }),
    togglePage: (on) => setSelected((s) => {
      const next = new Map(s);
      for (const inv of items) {
        if (on) next.set(inv.id, inv);
        else next.delete(inv.id);
      }
      return next;
    }),
  }), [selected, items]);
  return { selected: [...selected.values()], selection, clear: () => setSelected(new Map()) };
}
