/** The member token lives in sessionStorage: it goes with the tab, never to disk for other tabs or later visits. */
const KEY = 'accord.token';

export function storedToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function storeToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function forgetToken(): void {
  sessionStorage.removeItem(KEY);
  // Positions of the event feed belong to this member's session too.
  for (const key of Object.keys(sessionStorage)) if (key.startsWith('accord.')) sessionStorage.removeItem(key);
}
