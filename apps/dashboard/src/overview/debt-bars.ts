import { LAYERS, type Layer } from '../ui/vocabulary';

/** One open disagreement's share of the debt, as `conflictDebt.items` gives it. */
export interface DebtItem {
  disagreement: { id: string; topic: string; layer: Layer; status: string; raisedAt: string };
  ageDays: number;
  weight: number;
  debt: number;
}

export interface DebtBarGroup {
  layer: Layer;
  items: DebtItem[];
}

/**
 * The open disagreements grouped by layer, top layer first (a fracture high up cascades below),
 * oldest first within a layer; empty layers are left out. Ties keep a stable order by raisedAt, then id.
 */
export function debtBars(items: readonly DebtItem[]): DebtBarGroup[] {
  return LAYERS.map((layer) => ({
    layer,
    items: items
      .filter((item) => item.disagreement.layer === layer)
      .sort(
        (a, b) =>
          b.ageDays - a.ageDays ||
          a.disagreement.raisedAt.localeCompare(b.disagreement.raisedAt) ||
          a.disagreement.id.localeCompare(b.disagreement.id),
      ),
  })).filter((group) => group.items.length > 0);
}

/** Bar length as a share of the oldest one (0..100), so every bar of the page shares one scale. */
export function barPercent(ageDays: number, oldestDays: number): number {
  if (oldestDays <= 0) return 0;
  return Math.min(100, Math.max(0, (ageDays / oldestDays) * 100));
}
