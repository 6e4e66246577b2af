import { InvalidAppendError } from '../errors';
import { EsdbStreams } from './esdb-streams';

describe("EventStoreDB streams: which are Accord's", () => {
  const prefixed = new EsdbStreams('acc-');
  const whole = new EsdbStreams('');

  it("stores Accord's stream under the prefix and maps the name back", () => {
    expect(prefixed.esdbName('check-1')).toBe('acc-check-1');
    expect(prefixed.accordName('acc-check-1')).toBe('check-1');
    expect(whole.esdbName('check-1')).toBe('check-1');
  });

  it('refuses names and types the server keeps for itself', () => {
    expect(() => whole.esdbName('$stats')).toThrow(InvalidAppendError);
    expect(prefixed.esdbName('$odd')).toBe('acc-$odd');
    expect(() => prefixed.checkTypes('check-1', ['CheckOpened', '$metadata'])).toThrow(InvalidAppendError);
    expect(() => prefixed.checkTypes('check-1', ['CheckOpened'])).not.toThrow();
    expect(() => new EsdbStreams('$acc-')).toThrow('system streams');
  });

  it('keeps events of its prefix and drops system streams, system events and other prefixes', () => {
    expect(prefixed.isAccord('acc-check-1', 'CheckOpened')).toBe(true);
    expect(prefixed.isAccord('other-check-1', 'CheckOpened')).toBe(false);
    expect(prefixed.isAccord('acc-check-1', '$streamDeleted')).toBe(false);
    expect(whole.isAccord('check-1', 'CheckOpened')).toBe(true);
    expect(whole.isAccord('$stats-127.0.0.1:2113', '$statsCollected')).toBe(false);
    expect(whole.isAccord('$ce-check', '$>')).toBe(false);
  });

  it('asks the server for the same streams in a subscription filter', () => {
    expect(prefixed.serverFilter()).toMatchObject({ filterOn: 'streamName', prefixes: ['acc-'] });
    const filter = whole.serverFilter();
    expect(filter).toMatchObject({ filterOn: 'streamName' });
    const regex = new RegExp((filter as { regex: string }).regex);
    expect(['check-1', '$stats-1', '$$check-1', '$ce-check'].filter((name) => regex.test(name))).toEqual(['check-1']);
  });
});
