import { getIntrospectionQuery, parse } from 'graphql';
import { measureDocument } from './document-shape';

const shapeOf = (text: string) => measureDocument(parse(text));

describe('measureDocument', () => {
  it('counts nested fields as depth', () => {
    expect(shapeOf('{ a }').depth).toBe(1);
    expect(shapeOf('{ a { b { c } } d }').depth).toBe(3);
  });

  it('takes the deepest operation of the document', () => {
    expect(shapeOf('query A { a } query B { a { b { c { d } } } }').depth).toBe(4);
  });

  it('follows fragments and inline fragments without counting them as levels', () => {
    expect(shapeOf('{ a { ...F } } fragment F on T { b { ... on U { c { d } } } }').depth).toBe(4);
  });

  it('measures a fragment spread a thousand times once', () => {
    const spreads = Array.from({ length: 1000 }, () => '...F').join(' ');
    expect(shapeOf(`{ a { ${spreads} } } fragment F on T { b { c } }`).depth).toBe(3);
  });

  it('stops at a fragment cycle instead of recursing forever', () => {
    expect(shapeOf('{ a { ...A } } fragment A on T { b { ...B } } fragment B on T { c { ...A } }').depth).toBe(3);
    expect(shapeOf('{ ...S } fragment S on Query { ...S }').depth).toBe(0);
  });

  it('counts introspection as one level, whatever it selects', () => {
    expect(measureDocument(parse(getIntrospectionQuery())).depth).toBe(1);
    expect(shapeOf('{ me { __type(name: "X") { ofType { ofType { ofType { name } } } } } }').depth).toBe(2);
  });

  it('counts the fields of the largest operation with its fragments expanded, each fragment measured once', () => {
    expect(shapeOf('{ a { b c } } query B { a }').fields).toBe(3);
    expect(shapeOf('{ a { ...F ...F ... on T { d } } } fragment F on T { b c }').fields).toBe(6);
    const bomb = Array.from({ length: 60 }, (_, i) => `fragment F${i} on Query { ${i < 59 ? `...F${i + 1} ...F${i + 1}` : 'a'} }`).join('\n');
    const started = performance.now();
    expect(shapeOf(`{ ...F0 }\n${bomb}`).fields).toBe(2 ** 59);
    expect(performance.now() - started).toBeLessThan(20);
  });

  it('counts aliases and directives anywhere in the document', () => {
    const shape = shapeOf('{ x: a @skip(if: false) y: a { ...F @include(if: true) } } fragment F on T { z: b @deprecated }');
    expect(shape.aliases).toBe(3);
    expect(shape.directives).toBe(3);
  });
});
