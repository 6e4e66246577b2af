import type { Rng } from './crash-harness-rng';

/** Text a real firm would type: plain, accented, right-to-left, astral, with a line break or two. */
const FRIENDLY = [
  'Müller & Partner',
  'Ødegaard Advokatfirma',
  'شركة المحاماة',
  'משרד עורכי דין',
  '株式会社 会計',
  'Café 👩🏽‍💼 consulting',
  'Recurring advisory fees from family businesses',
  'Clients stop worrying about missed filing deadlines',
  'We refuse audits of companies we also advise',
  'Two lines:\nfirst, then second',
  'Tabbed\tcolumn',
  'Ann',
  'Ben Okafor',
];

/** Text that must be stored exactly as sent or refused: never changed, never a crash. */
const HOSTILE = [
  "'; DROP TABLE events; --",
  "Robert'); DELETE FROM projection_checkpoints; --",
  '" OR 1=1 --',
  '{"__proto__": {"admin": true}}',
  '{"type":"FirmFounded","data":{}}',
  '[]',
  'null',
  '\\u0000',
  '${process.exit(1)}',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  'e\u0301\u0301\u0301\u0301\u0301', // combining marks
  'zero\u200bwidth\u200d\ufeffjoiners',
  '\u202eevil\u202c override',
  '\u2066isolate\u2069',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟙𝟚𝟛 🏳️‍🌈',
  'line\u2028separator\u2029paragraph',
  '\ufffe\uffff noncharacters',
  '   ',
  '',
];

/** Characters that must never reach the log: C0 and C1 controls (NUL too), DEL, lone surrogates. */
const POISON = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f', '\u0085', '\u009f', '\ud800', '\udfff', '\udbff'];

/** Lengths just past the documented limits, and far past them. */
const LONG_LENGTHS = [201, 501, 2001, 20_001, 100_000];
export const ONE_MEGABYTE = 1_048_576;

/** A string a fuzzer would send: friendly, hostile, poisoned, long, or (rarely) a megabyte. */
export function fuzzString(rng: Rng): string {
  switch (rng.weighted({ friendly: 3, hostile: 4, poisoned: 3, random: 3, long: 1, huge: 0.05 })) {
    case 'friendly':
      return rng.pick(FRIENDLY);
    case 'hostile':
      return rng.pick(HOSTILE);
    case 'poisoned': {
      const base = rng.pick(FRIENDLY);
      const at = rng.int(0, base.length);
      return base.slice(0, at) + rng.pick(POISON) + base.slice(at);
    }
    case 'random':
      return randomCodePoints(rng, rng.int(1, 40));
    case 'long':
      return rng.pick(['x', 'é', '🙂', 'a b ']).repeat(rng.pick(LONG_LENGTHS));
    case 'huge':
      return 'x'.repeat(ONE_MEGABYTE);
  }
  throw new Error('unreachable');
}

/** Any UTF-16 code units, surrogates and controls included. */
function randomCodePoints(rng: Rng, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) {
    const range = rng.weighted({ ascii: 5, control: 1, latin: 1, bmp: 2, surrogate: 1, astral: 1 });
    if (range === 'ascii') text += String.fromCharCode(rng.int(0x20, 0x7e));
    else if (range === 'control') text += String.fromCharCode(rng.int(0, 0x1f));
    else if (range === 'latin') text += String.fromCharCode(rng.int(0x80, 0xff));
    else if (range === 'bmp') text += String.fromCharCode(rng.int(0x100, 0xfffd));
    else if (range === 'surrogate') text += String.fromCharCode(rng.int(0xd800, 0xdfff));
    else text += String.fromCodePoint(rng.int(0x10000, 0x10ffff));
  }
  return text;
}

/** A value of the wrong type for any argument: numbers, booleans, objects, lists, nulls. */
export function wrongType(rng: Rng): unknown {
  return rng.pick<unknown>([
    0,
    -1,
    2 ** 53,
    1.5,
    Number.MAX_VALUE,
    true,
    false,
    null,
    {},
    { $gt: '' },
    JSON.parse('{"__proto__": {"polluted": true}}'),
    [],
    [null],
    ['a', 1, {}],
    '1e309',
    'NaN',
  ]);
}

/** A random id: empty, a fresh UUID, a stream name, an injection, or some fuzz string. */
export function fuzzId(rng: Rng): string {
  return rng.pick([
    '',
    '00000000-0000-0000-0000-000000000000',
    uuid(rng),
    'firm-1',
    'check-../../etc/passwd',
    "x' OR '1'='1",
    '*',
    '%',
    fuzzString(rng),
  ]);
}

/** An enum value the schema does not have. */
export function unknownEnum(rng: Rng): unknown {
  return rng.pick<unknown>(['GOD', 'partner', 'PARTNER ', '', 'VISION; DROP', 0, null, '__typename']);
}

/** A UUID-shaped id from the seed, so a replay sends the same ids. */
export function uuid(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => rng.int(0, 15).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}
