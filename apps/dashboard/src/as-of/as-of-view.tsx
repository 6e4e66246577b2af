import { Link } from 'react-router';
import { useFirm } from '../session/firm';
import { DataTable } from '../ui/data-table';
import { formatDateTime, formatDays, formatDebt } from '../ui/format';
import { titleCase } from '../ui/vocabulary';
import type { AsOfData, DebtItem } from './as-of-queries';

/** The definitions and the debt as they stood at `data.conflictDebt.asOf`. */
export function AsOfView({ data, isNow, updating }: { data: AsOfData; isNow: boolean; updating: boolean }) {
  const debt = data.conflictDebt;
  return (
    <div className={updating ? 'as-of-results updating' : 'as-of-results'} aria-busy={updating}>
      <h2>
        As of {formatDateTime(debt.asOf)}
        {isNow ? ' (now)' : ''}
      </h2>
      <div className="grid">
        <Definitions definitions={data.alignedDefinitions} />
        <section>
          <h3>Conflict debt</h3>
          <dl className="as-of-totals">
            <div>
              <dt>Total debt</dt>
              <dd>{formatDebt(debt.total)}</dd>
            </div>
            <div>
              <dt>Open disagreements</dt>
              <dd>{debt.openCount}</dd>
            </div>
            <div>
              <dt>Oldest open</dt>
              <dd>{formatDays(debt.oldestOpenDays)}</dd>
            </div>
          </dl>
          <p className="hint">Debt is days open × the layer’s weight (Vision 4, People 3, Process 2, Technology 1).</p>
          <h4>Open</h4>
          {debt.items.length === 0 ? <p className="muted">Nothing was open.</p> : <DebtTable items={debt.items} caption="Disagreements open at that instant" age="Age" />}
          <h4>Paid</h4>
          {debt.paid.length === 0 ? <p className="muted">Nothing was paid yet.</p> : <DebtTable items={debt.paid} caption="Disagreements resolved by then" age="Open for" />}
        </section>
      </div>
    </div>
  );
}

function Definitions({ definitions }: { definitions: AsOfData['alignedDefinitions'] }) {
  const firm = useFirm();
  const prompt = (key: string) => firm.questions.find((question) => question.key === key)?.prompt;
  return (
    <section>
      <h3>Aligned definitions</h3>
      {definitions.length === 0 ? (
        <p className="muted">No definition was locked yet.</p>
      ) : (
        <ul className="as-of-definitions">
          {definitions.map((definition) => (
            <li key={definition.questionKey}>
              <h4>{prompt(definition.questionKey) ?? definition.questionKey}</h4>
              <p className="as-of-answer">{definition.answer}</p>
              <p className="hint">
                Outcome: {definition.outcome}. Locked {formatDateTime(definition.lockedAt)} by{' '}
                <Link to={`/decisions/${definition.decision.id}`}>{definition.decision.title}</Link>.
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function DebtTable({ items, caption, age }: { items: DebtItem[]; caption: string; age: string }) {
  return (
    <DataTable columns={['Topic', 'Layer', age, 'Debt']} caption={caption}>
      {items.map((item) => (
        <tr key={item.disagreement.id}>
          <th scope="row">{item.disagreement.topic}</th>
          <td>{titleCase(item.disagreement.layer)}</td>
          <td>{formatDays(item.ageDays)}</td>
          <td>{formatDebt(item.debt)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
