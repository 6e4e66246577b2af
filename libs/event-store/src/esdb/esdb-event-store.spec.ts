import { describeEventStoreContract } from '../testing/event-store.contract';
import { esdbHarness, esdbTestUrl } from '../testing/esdb-harness';

if (esdbTestUrl) {
  describeEventStoreContract('eventstoredb', esdbHarness(esdbTestUrl));
} else {
  process.stdout.write('[accord] EventStoreDB contract suite SKIPPED: ACCORD_TEST_ESDB_URL is not set and no EventStoreDB server runs here\n');
  it.skip('EventStoreDB contract suite (needs ACCORD_TEST_ESDB_URL)', () => undefined);
}
