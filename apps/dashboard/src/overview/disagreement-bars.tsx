import { DataTable } from '../ui/data-table';
import { formatDate, formatDays, formatDebt } from '../ui/format';
import { LAYER_COLOUR, titleCase } from '../ui/vocabulary';
import { barPercent, debtBars, type DebtItem } from './debt-bars';

/** The open disagreements as bars of their age, top layer first, the layer written beside its colour. */
export function DisagreementBars({ items }: { items: readonly DebtItem[] }) {
  const groups = debtBars(items);
  const oldest = items.reduce((top, item) => Math.max(top, item.ageDays), 0);
  return (
    <section aria-labelledby="open-heading">
      <h2 id="open-heading">Open disagreements</h2>
      {groups.length === 0 ? (
        <p>None open. A check that closes with a mismatch raises one; so can any partner or the facilitator.</p>
      ) : (
        <>
          {groups.map((group) => (
            <div key={group.layer} className="bar-group">
              <h3>
                <span className="swatch" style={{ background: LAYER_COLOUR[group.layer] }} aria-hidden="true" />
                {titleCase(group.layer)}
              </h3>
              <ol className="bars">
                {group.items.map((item) => (
                  <li key={item.disagreement.id} data-testid="debt-bar" data-layer={item.disagreement.layer}>
                    <span className="bar-topic">{item.disagreement.topic}</span>
                    <span className="bar-track" aria-hidden="true">
                      <span className="bar" style={{ width: `${barPercent(item.ageDays, oldest)}%`, background: LAYER_COLOUR[group.layer] }} />
                    </span>
                    <span className="bar-age">
                      {titleCase(group.layer)} · open {formatDays(item.ageDays)}
                      {item.disagreement.status === 'DEFERRED' ? ' · deferred' : ''}
                    </span>
                  </li>
                ))}
              </ol>
            </div>
          ))}
          <details>
            <summary>Show the open disagreements as a table</summary>
            <DataTable columns={['Layer', 'Topic', 'Raised', 'Open for', 'Debt']}>
              {groups.flatMap((group) =>
                group.items.map((item) => (
                  <tr key={item.disagreement.id}>
                    <td>{titleCase(group.layer)}</td>
                    <td>{item.disagreement.topic}</td>
                    <td>{formatDate(item.disagreement.raisedAt)}</td>
                    <td>{formatDays(item.ageDays)}</td>
                    <td>
                      {formatDebt(item.debt)} <span className="muted">(×{item.weight})</span>
                    </td>
                  </tr>
                )),
              )}
            </DataTable>
          </details>
        </>
      )}
    </section>
  );
}
