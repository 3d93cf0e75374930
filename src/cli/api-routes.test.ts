import { describe, expect, it } from 'vitest';

import * as attachments from '../contracts/attachments.js';
import * as auditEvents from '../contracts/audit-events.js';
import * as buckets from '../contracts/buckets.js';
import * as comments from '../contracts/comments.js';
import * as datasets from '../contracts/datasets.js';
import * as labellings from '../contracts/labellings.js';
import * as projects from '../contracts/projects.js';
import * as query from '../contracts/query.js';
import * as sources from '../contracts/sources.js';
import * as statistics from '../contracts/statistics.js';
import * as users from '../contracts/users.js';

import * as cliRoutes from './api-routes.js';

const contracts: Record<string, unknown> = {
  ...attachments,
  ...auditEvents,
  ...buckets,
  ...comments,
  ...datasets,
  ...labellings,
  ...projects,
  ...query,
  ...sources,
  ...statistics,
  ...users,
};

describe('the CLI route table', () => {
  it('matches the contracts for every route they define', () => {
    let checked = 0;
    for (const [name, route] of Object.entries(cliRoutes)) {
      const contract = contracts[name] as { method: string; url: string } | undefined;
      if (contract !== undefined) {
        expect({ name, method: route.method, url: route.url }).toEqual({
          name,
          method: contract.method,
          url: contract.url,
        });
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });
});
