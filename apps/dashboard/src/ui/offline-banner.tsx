import { useEffect, useState } from 'react';

/** Says so when the browser is offline: the page still shows what it last loaded. */
export function OfflineBanner() {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  if (online) return null;
  return (
    <p className="banner banner-offline" role="status">
      You are offline. The page shows what it last loaded; changes resume when the connection returns.
    </p>
  );
}
