import { describeEventStoreContract } from '../testing/event-store.contract';
import { sqliteFileHarness, sqliteMemoryHarness } from '../testing/sqlite-harness';

describeEventStoreContract('sqlite file', sqliteFileHarness());
describeEventStoreContract('sqlite::memory:', sqliteMemoryHarness());
