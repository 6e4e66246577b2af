import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';

export interface Toast {
  id: number;
  title: string;
  body: string;
  tone: 'info' | 'warning';
}

const ToastContext = createContext<(toast: Omit<Toast, 'id'>) => void>(() => undefined);

/** Shows a short notice in the corner; screen readers hear it through the polite live region. */
export function useToast(): (toast: Omit<Toast, 'id'>) => void {
  return useContext(ToastContext);
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((toast) => toast.id !== id)), []);
  const show = useCallback(
    (toast: Omit<Toast, 'id'>) => {
      const id = next.current++;
      setToasts((all) => [...all.slice(-4), { ...toast, id }]);
      // Warnings (drift) stay until dismissed, whatever a reader's pace; notices go after 15 s.
      if (toast.tone === 'info') setTimeout(() => dismiss(id), 15000);
    },
    [dismiss],
  );
  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" role="status" aria-live="polite" aria-label="Notifications">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast-${toast.tone}`} data-testid="toast">
            <strong>{toast.title}</strong>
            <p>{toast.body}</p>
            <button type="button" className="link" onClick={() => dismiss(toast.id)} aria-label={`Dismiss: ${toast.title}`}>
              Dismiss
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}
