/** Every benchmark, in the order `npm run bench` runs them (a later one may reuse data an earlier one made). */
import type { Benchmark } from './support/framework';
import { appendSqlite } from './append-sqlite.bench';
import { appendPostgres } from './append-postgres.bench';
import { rebuild } from './rebuild.bench';
import { graphqlRead } from './graphql-read.bench';
import { graphqlWrite } from './graphql-write.bench';
import { fanout } from './fanout.bench';
import { growth } from './growth.bench';

export const benchmarks: readonly Benchmark[] = [appendSqlite, appendPostgres, rebuild, graphqlRead, graphqlWrite, fanout, growth];
