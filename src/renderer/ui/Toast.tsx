/** Short confirmations ("Gespeichert") that fade after a few seconds, announced politely; Escape puts one away at once. */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Icon } from './Icon.js';

interface ToastValue {
  show(message: string): void;
}

const ToastContext = createContext<ToastValue>({ show() {} });

export function ToastProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState<{ text: string; n: number } | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const show = useCallback((text: string) => {
    setMessage((m) => ({ text, n: (m?.n ?? 0) + 1 }));
  }, []);
  const value = useMemo(() => ({ show }), [show]);
  useEffect(() => {
    if (!message) return;
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setMessage(null), 3500);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setMessage(null);
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.clearTimeout(timer.current);
      window.removeEventListener('keydown', onKey);
    };
  }, [message]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toast-region" role="status" aria-live="polite">
        {message && (
          <div className="toast" key={message.n}>
            <Icon name="check" />
            <span>{message.text}</span>
          </div>
        )}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastValue {
  return useContext(ToastContext);
}
