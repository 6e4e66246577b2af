/** Dates as partners read them: "24 Nov 2026, 14:05" in the browser's own locale and zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** "3.5 days", "1 day", "under an hour". */
export function formatDays(days: number | null | undefined): string {
  if (days === null || days === undefined) return '—';
  if (days < 1 / 24) return 'under an hour';
  if (days < 1) return `${Math.round(days * 24)} h`;
  const rounded = days < 10 ? Math.round(days * 10) / 10 : Math.round(days);
  return `${rounded} ${rounded === 1 ? 'day' : 'days'}`;
}

/** Conflict debt in day-weights, without false precision. */
export function formatDebt(debt: number): string {
  return debt < 10 ? (Math.round(debt * 10) / 10).toString() : Math.round(debt).toLocaleString();
}
