import { Link } from 'react-router';
import { CartesianGrid, LabelList, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { DataTable } from '../ui/data-table';
import { formatDate, formatDateTime } from '../ui/format';
import { titleCase, VERDICT_COLOUR } from '../ui/vocabulary';
import { alignmentPoints, scoreCeiling, type AlignmentPoint, type CheckScore } from './alignment-points';

/** Alignment score over time: one point per closed check, coloured and labelled by its verdict. */
export function AlignmentChart({ history }: { history: readonly CheckScore[] }) {
  const points = alignmentPoints(history);
  const summary =
    points.length === 0
      ? 'No closed check yet.'
      : `Alignment score of ${points.length} closed ${points.length === 1 ? 'check' : 'checks'}, from ${formatDate(points[0].closedAt)} to ${formatDate(points[points.length - 1].closedAt)}; latest ${points[points.length - 1].label}.`;
  return (
    <section aria-labelledby="alignment-heading">
      <h2 id="alignment-heading">Alignment over time</h2>
      <figure className="chart" data-testid="alignment-chart" aria-label={summary}>
        {points.length > 0 && (
          <div className="chart-area" aria-hidden="true">
            <ResponsiveContainer width="100%" height={220}>
              {/* Not focusable: the chart is hidden from assistive tech (its table is the accessible form), and a
                  focus stop that says nothing would strand keyboard users. */}
              <LineChart accessibilityLayer={false} data={points} margin={{ top: 24, right: 24, bottom: 4, left: 0 }}>
                <CartesianGrid stroke="#e3e6ea" />
                <XAxis dataKey="time" type="number" scale="time" domain={['dataMin', 'dataMax']} padding={{ left: 16, right: 16 }} tickFormatter={(time: number) => formatDate(new Date(time).toISOString())} />
                <YAxis domain={[0, scoreCeiling(points)]} allowDecimals={false} width={32} />
                <Tooltip content={<PointTooltip />} />
                <Line dataKey="score" stroke="#4f5661" isAnimationActive={false} dot={<VerdictDot />} activeDot={false}>
                  <LabelList dataKey="label" position="top" fontSize={12} fill="#1a1d21" />
                </Line>
              </LineChart>
            </ResponsiveContainer>
          </div>
        )}
        <figcaption>{summary}</figcaption>
      </figure>
      {points.length > 0 && (
        <details>
          <summary>Show as a table</summary>
          <DataTable columns={['Closed', 'Score', 'Verdict', 'Mismatched']} caption="Score of each closed check, oldest first">
            {points.map((point) => (
              <tr key={point.checkId} data-testid="alignment-row">
                <td>
                  <Link to={`/checks/${point.checkId}`}>{formatDateTime(point.closedAt)}</Link>
                </td>
                <td>
                  {point.score} of {point.outOf}
                </td>
                <td>{titleCase(point.verdict)}</td>
                <td className="mono">{point.mismatched.join(', ') || '—'}</td>
              </tr>
            ))}
          </DataTable>
        </details>
      )}
    </section>
  );
}

/** recharts clones this element with the point's position and data. */
function VerdictDot({ cx, cy, payload }: { cx?: number; cy?: number; payload?: AlignmentPoint }) {
  if (cx === undefined || cy === undefined || !payload) return null;
  return <circle cx={cx} cy={cy} r={6} fill={VERDICT_COLOUR[payload.verdict]} stroke="#fff" strokeWidth={2} />;
}

function PointTooltip({ active, payload }: { active?: boolean; payload?: ReadonlyArray<{ payload?: AlignmentPoint }> }) {
  const point = active ? payload?.[0]?.payload : undefined;
  if (!point) return null;
  return (
    <div className="chart-tooltip">
      <strong>{titleCase(point.verdict)}</strong> · {point.score} of {point.outOf}
      <br />
      {formatDateTime(point.closedAt)}
    </div>
  );
}
