import { useEffect, useRef } from 'react';
import { BrowserRouter, NavLink, Route, Routes, useLocation } from 'react-router';
import { AsOfPage } from './as-of/as-of-page';
import { CheckPage } from './checks/check-page';
import { ChecksPage } from './checks/checks-page';
import { DecisionPage } from './decisions/decision-page';
import { DecisionsPage } from './decisions/decisions-page';
import { ProposeDecisionPage } from './decisions/propose-decision-page';
import { DriftToasts } from './live/drift-toasts';
import { FirmFeedProvider } from './live/firm-feed';
import { LivePage } from './live/live-page';
import { OverviewPage } from './overview/overview-page';
import { FirmProvider, useFirm } from './session/firm';
import { SessionGate, useSession } from './session/session';
import { SignInPage } from './session/sign-in-page';
import { OfflineBanner } from './ui/offline-banner';
import { ToastProvider } from './ui/toasts';
import { titleCase } from './ui/vocabulary';

export function App() {
  return (
    <BrowserRouter>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <SessionGate signedOut={(props) => <SignInPage {...props} />}>
        {/* Inside the gate: one member's toasts go with their session, never to the next one's. */}
        <ToastProvider>
          <FirmFeedProvider>
            <FirmProvider>
              <SignedIn />
            </FirmProvider>
          </FirmFeedProvider>
        </ToastProvider>
      </SessionGate>
    </BrowserRouter>
  );
}

function SignedIn() {
  useFocusOnNavigation();
  return (
    <>
      <Header />
      <OfflineBanner />
      <DriftToasts />
      <main id="main" tabIndex={-1}>
        <Routes>
          <Route path="/" element={<OverviewPage />} />
          <Route path="/checks" element={<ChecksPage />} />
          <Route path="/checks/:checkId" element={<CheckPage />} />
          <Route path="/decisions" element={<DecisionsPage />} />
          <Route path="/decisions/new" element={<ProposeDecisionPage />} />
          <Route path="/decisions/:decisionId" element={<DecisionPage />} />
          <Route path="/live" element={<LivePage />} />
          <Route path="/as-of" element={<AsOfPage />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </main>
    </>
  );
}

function Header() {
  const { me, signOut } = useSession();
  const firm = useFirm();
  return (
    <header className="top">
      <div className="brand">
        <span className="firm-name">{firm.name}</span>
        <span className="who">
          {me.name} · {titleCase(me.role)}
        </span>
      </div>
      <nav aria-label="Main">
        <NavLink to="/" end>
          Overview
        </NavLink>
        <NavLink to="/checks">Checks</NavLink>
        <NavLink to="/decisions">Decisions</NavLink>
        <NavLink to="/as-of">As of</NavLink>
        <NavLink to="/live">Live &amp; audit</NavLink>
      </nav>
      <button type="button" className="secondary" onClick={() => signOut('You signed out.')}>
        Sign out
      </button>
    </header>
  );
}

function NotFound() {
  return (
    <section>
      <h1>Not found</h1>
      <p>
        There is no page here. <NavLink to="/">Back to the overview</NavLink>.
      </p>
    </section>
  );
}

/**
 * After a client-side navigation, moves focus to the new page and names the tab after its heading, as a
 * full page load would: a screen-reader user hears where they arrived, a keyboard user starts there.
 */
function useFocusOnNavigation() {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    const name = () => {
      const heading = document.querySelector('main h1')?.textContent?.trim();
      document.title = heading ? `${heading} · Accord` : 'Accord';
    };
    if (first.current) {
      first.current = false;
      // Signing in removed the focused form: start keyboard users at the content, not back at the top.
      if (document.activeElement === document.body) document.getElementById('main')?.focus();
      name();
    } else {
      document.getElementById('main')?.focus();
      name();
    }
    // Headings of pages that load their data arrive a moment later.
    const timer = setTimeout(name, 500);
    return () => clearTimeout(timer);
  }, [pathname]);
}
