/** Gives the app one query cache and connects it to main's pushed events (data/events.ts). */
import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { subscribeServerEvents } from '../app/host.js';
import { afterReconnect, applyServerEvent } from './events.js';
import { createQueryClient } from './cache.js';

export function DataProvider({ children }: { children: ReactNode }) {
  const [client] = useState(createQueryClient);
  useEffect(
    () => subscribeServerEvents({ onEvent: (event) => applyServerEvent(client, event), onReconnect: () => afterReconnect(client) }),
    [client],
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
