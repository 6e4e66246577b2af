import { toPgPlaceholders } from './pg-placeholders';

describe('toPgPlaceholders', () => {
  it('numbers the placeholders in order', () => {
    expect(toPgPlaceholders('UPDATE t SET a = ?, b = ? WHERE id IN (?, ?)')).toEqual({ text: 'UPDATE t SET a = $1, b = $2 WHERE id IN ($3, $4)', count: 4 });
    expect(toPgPlaceholders('SELECT 1')).toEqual({ text: 'SELECT 1', count: 0 });
  });

  it.each([
    ['a string literal', `SELECT 'why?', ?`, `SELECT 'why?', $1`],
    ['a literal with a doubled quote', `SELECT 'it''s ?', ?`, `SELECT 'it''s ?', $1`],
    ['an escape string with \\\'', String.raw`SELECT E'\'?', ?`, String.raw`SELECT E'\'?', $1`],
    ['a quoted identifier', `SELECT "what?" FROM t WHERE x = ?`, `SELECT "what?" FROM t WHERE x = $1`],
    ['a quoted identifier with a doubled quote', `SELECT "a""?" , ?`, `SELECT "a""?" , $1`],
    ['a dollar-quoted string', `SELECT $$?$$, $tag$ '? $tag$, ?`, `SELECT $$?$$, $tag$ '? $tag$, $1`],
    ['a line comment', `SELECT ? -- really?\n, ?`, `SELECT $1 -- really?\n, $2`],
    ['a nested block comment', `SELECT /* ? /* ? */ ? */ ?`, `SELECT /* ? /* ? */ ? */ $1`],
  ])('leaves a ? in %s alone', (_, sql, expected) => {
    expect(toPgPlaceholders(sql).text).toBe(expected);
  });

  it('does not take a backslash for an escape in a standard string', () => {
    expect(toPgPlaceholders(String.raw`SELECT '\', ?`).text).toBe(String.raw`SELECT '\', $1`);
  });

  it('does not take an identifier ending in E for an escape string', () => {
    expect(toPgPlaceholders(String.raw`SELECT value'\', ?`).text).toBe(String.raw`SELECT value'\', $1`);
  });
});
