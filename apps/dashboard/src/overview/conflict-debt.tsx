import { useRef } from 'react';
import { useQuery } from 'urql';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { DataTable } from '../ui/data-table';
import { formatDate, formatDateTime, formatDays, formatDebt } from '../ui/format';
import { ErrorNotice } from '../ui/notices';
import { debtHistoryQuery, debtHistoryVariables, debtInstants, debtSamples, type DebtSample } from './debt-history';
import type { DebtItem } from './debt-bars';

export interface DebtNow {
  asOf: string;
  total: number;
  openCount: number;
  oldestOpenDays: number | null;
  items: DebtItem[];
}

/** The debt now as one big number, and its line since the founding. */
export function ConflictDebtSection({ firmId, foundedAt, debt }: { firmId: string; foundedAt: string; debt: DebtNow }) {
  return (
    <section aria-labelledby="debt-heading">
      <h2 id="debt-heading">Conflict debt</h2>
      <p className="big-number" data-testid="debt-total">
        {formatDebt(debt.total)}
      </p>
      <p>
        {debt.openCount === 0
          ? 'No disagreement is open: nothing accrues.'
          : `${debt.openCount} open ${debt.openCount === 1 ? 'disagreement' : 'disagreements'}, the oldest open for ${formatDays(debt.oldestOpenDays)}.`}
      </p>
      <p className="hint">Each open disagreement adds its age in days times its layer's weight (Vision 4, People 3, Process 2, Technology 1).</p>
      <DebtOverTime firmId={firmId} foundedAt={foundedAt} now={debt.asOf} />
    </section>
  );
}

function DebtOverTime({ firmId, foundedAt, now }: { firmId: string; foundedAt: string; now: string }) {
  // "Now" is the server's (the asOf of the debt above), so a skewed browser clock cannot ask about the future.
  const instants = debtInstants(foundedAt, now);
  const [{ data, error }] = useQuery<Record<string, DebtSample>>({ query: debtHistoryQuery(instants.length), variables: debtHistoryVariables(firmId, instants) });
  // Each refetch of the debt moves "now" and so asks a new document: keep the last line until it answers.
  const fresh = debtSamples(data, instants.length);
  const kept = useRef(fresh);
  if (fresh.length > 0) kept.current = fresh;
  const samples = kept.current;
  if (error) return <ErrorNotice error={error} what="The debt over time could not be loaded" />;
  if (samples.length === 0) return null;
  const points = samples.map((sample) => ({ ...sample, time: Date.parse(sample.asOf) }));
  const summary = `Conflict debt at ${points.length} instants from ${formatDate(points[0].asOf)} to ${formatDate(points[points.length - 1].asOf)}: from ${formatDebt(points[0].total)} to ${formatDebt(points[points.length - 1].total)}.`;
  return (
    <>
      <figure className="chart" data-testid="debt-chart" aria-label={summary}>
        {points.length > 1 && (
          <div className="chart-area" aria-hidden="true">
            <ResponsiveContainer width="100%" height={180}>
              {/* Not focusable: the chart is hidden from assistive tech (its table is the accessible form), and a
                  focus stop that says nothing would strand keyboard users. */}
              <LineChart accessibilityLayer={false} data={points} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
                <CartesianGrid stroke="#e3e6ea" />
                <XAxis dataKey="time" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(time: number) => formatDate(new Date(time).toISOString())} />
                <YAxis width={40} allowDecimals={false} />
                <Tooltip labelFormatter={(time) => formatDateTime(new Date(Number(time)).toISOString())} formatter={(value) => [formatDebt(Number(value)), 'Debt']} />
                <Line dataKey="total" stroke="#8e1b1b" strokeWidth={2} dot={false} isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </div>
        )}
        <figcaption>{summary}</figcaption>
      </figure>
      <details>
        <summary>Show the debt over time as a table</summary>
        <DataTable columns={['As of', 'Debt', 'Open']}>
          {points.map((point) => (
            <tr key={point.asOf}>
              <td>{formatDateTime(point.asOf)}</td>
              <td>{formatDebt(point.total)}</td>
              <td>{point.openCount}</td>
            </tr>
          ))}
        </DataTable>
      </details>
    </>
  );
}
