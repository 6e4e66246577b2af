import { useState, type FormEvent } from 'react';
import { whoIs, type Me } from './session';

interface SignInPageProps {
  signIn(token: string, me: Me): void;
  notice?: string;
}

/** The token a partner was given when added (or by `rotateToken`); it is checked before it is kept. */
export function SignInPage({ signIn, notice }: SignInPageProps) {
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = token.trim();
    if (!trimmed) return setProblem('Paste your member token.');
    setBusy(true);
    const result = await whoIs(trimmed);
    setBusy(false);
    if (result.me) signIn(trimmed, result.me);
    else setProblem(result.problem);
  }

  return (
    <main id="main" className="sign-in">
      <h1>Accord</h1>
      <p className="lede">Where the partners stand, and why they decided what they did.</p>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <form onSubmit={submit}>
        <label htmlFor="token">Member token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(event) => setToken(event.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'token-help token-problem' : 'token-help'}
        />
        <p id="token-help" className="hint">
          The token you were given when you joined the firm. It stays in this tab only and is forgotten when you sign out or close it.
        </p>
        {problem && (
          <p id="token-problem" className="error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
