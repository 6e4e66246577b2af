import { newestFirst, olderWindow } from './event-list';

describe('event lists', () => {
  it('merges history and live events newest first, each position once', () => {
    const history = [{ position: 3, from: 'history' }, { position: 5, from: 'history' }];
    const live = [{ position: 5, from: 'live' }, { position: 8, from: 'live' }];
    expect(newestFirst(history, live)).toEqual([
      { position: 8, from: 'live' },
      { position: 5, from: 'history' },
      { position: 3, from: 'history' },
    ]);
  });

  it('asks for the window just before the oldest event shown, never below 0', () => {
    expect(olderWindow(501, 200)).toEqual({ after: 300, first: 200 });
    expect(olderWindow(50, 200)).toEqual({ after: 0, first: 200 });
  });
});
