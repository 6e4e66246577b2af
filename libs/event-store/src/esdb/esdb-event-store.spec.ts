import { describeEventStoreContract } from '../testing/event-store.contract';
import { esdbHarness, esdbTestUrl } from '../testing/esdb-harness';

// jest.config.js runs this file only when ACCORD_TEST_ESDB_URL names an EventStoreDB server.
if (!esdbTestUrl) throw new Error('ACCORD_TEST_ESDB_URL is not set: the EventStoreDB contract suite needs a server (esdb://127.0.0.1:2113?tls=false)');
describeEventStoreContract('eventstoredb', esdbHarness(esdbTestUrl));
