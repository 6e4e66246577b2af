/**
 * Rewrites the `?` placeholders of the portable SQL projections write as PostgreSQL's `$1…$n`. A `?`
 * inside a string literal ('…', E'…', $tag$…$tag$), a quoted identifier ("…") or a comment is text,
 * not a placeholder, and is left alone.
 */
export function toPgPlaceholders(sql: string): { text: string; count: number } {
  const segments = placeholderSegments(sql);
  return { text: segments.reduce((text, segment, i) => `${text}$${i}${segment}`), count: segments.length - 1 };
}

/**
 * The SQL text around its `?` placeholders (one more segment than placeholders), recognised as
 * {@link toPgPlaceholders} does, so values can be put between them.
 */
export function placeholderSegments(sql: string): string[] {
  const segments: string[] = [];
  let copied = 0;
  for (let i = 0; i < sql.length; ) {
    const end = skipQuoted(sql, i);
    if (end > i) {
      i = end;
      continue;
    }
    if (sql[i] === '?') {
      segments.push(sql.slice(copied, i));
      copied = i + 1;
    }
    i++;
  }
  segments.push(sql.slice(copied));
  return segments;
}

/** Where the literal, quoted identifier or comment starting at `i` ends; `i` when none starts there. */
function skipQuoted(sql: string, i: number): number {
  const c = sql[i];
  const next = sql[i + 1];
  if (c === "'") return closeQuote(sql, i + 1, "'", isEscapeString(sql, i));
  if (c === '"') return closeQuote(sql, i + 1, '"', false);
  if (c === '-' && next === '-') {
    const newline = sql.indexOf('\n', i);
    return newline < 0 ? sql.length : newline;
  }
  if (c === '/' && next === '*') return closeBlockComment(sql, i);
  if (c === '$' && !isIdentifierChar(sql[i - 1])) {
    const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i))?.[0];
    if (tag) {
      const close = sql.indexOf(tag, i + tag.length);
      return close < 0 ? sql.length : close + tag.length;
    }
  }
  return i;
}

/** The index after the closing `quote` (a doubled quote is an escaped one; in E'…', so is \'). */
function closeQuote(sql: string, from: number, quote: string, backslashEscapes: boolean): number {
  for (let j = from; j < sql.length; j++) {
    if (backslashEscapes && sql[j] === '\\') j++;
    else if (sql[j] === quote) {
      if (sql[j + 1] !== quote) return j + 1;
      j++;
    }
  }
  return sql.length;
}

/** PostgreSQL block comments nest. */
function closeBlockComment(sql: string, from: number): number {
  let depth = 0;
  for (let j = from; j < sql.length - 1; j++) {
    if (sql[j] === '/' && sql[j + 1] === '*') (depth++, j++);
    else if (sql[j] === '*' && sql[j + 1] === '/') {
      j++;
      if (--depth === 0) return j + 1;
    }
  }
  return sql.length;
}

function isEscapeString(sql: string, quoteAt: number): boolean {
  return (sql[quoteAt - 1] === 'E' || sql[quoteAt - 1] === 'e') && !isIdentifierChar(sql[quoteAt - 2]);
}

function isIdentifierChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_$]/.test(c);
}
