import { makePostgresStore } from '../../test/helpers/make-store.js';

import { describeBucketStoreContract } from './bucket-store-contract.js';
import { describeStoreContract } from './store-contract.js';
import { describeTextSearchContract } from './text-search-contract.js';

// The one test command always provisions PostgreSQL (scripts/test-all.sh), so this suite never skips there.
describeStoreContract('postgres', makePostgresStore);

describeTextSearchContract('postgres', makePostgresStore);
describeBucketStoreContract('postgres', makePostgresStore);
