import { Link } from 'react-router';
import { useFirm } from '../session/firm';
import { formatDate, formatDays } from '../ui/format';

/** Says so when the firm has let its check cadence pass: drift hides best where nobody looks. */
export function OverdueBanner() {
  const firm = useFirm();
  if (!firm.overdue) return null;
  return (
    <p className="banner banner-overdue overview-overdue" role="status">
      An alignment check was due on {formatDate(firm.nextCheckDue)} (every {formatDays(firm.cadenceDays)}). <Link to="/checks">Open a check</Link>
    </p>
  );
}
