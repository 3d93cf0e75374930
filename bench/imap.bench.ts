// `npm run bench -- imap` (issue 17): 5,000 emails appended to a throwaway Dovecot mailbox (bodies of the
// Enron and SpamAssassin sets of ../shared/data under generated headers), then one pass of the IMAP
// connector fetches them into a bucket whose reading source turns each into a comment. Reports
// emails/s for the connector (IMAP fetch + parse + bucket and comment writes). Goal ≥ 200/s, MUST ≥ 50/s.
// Needs Debian's dovecot-imapd (scripts/bootstrap-test-env.sh installs it). Ends with one JSON line.
import { ImapFlow } from 'imapflow';

import { syncImapIntegrations } from '../src/worker/imap-connector.js';
import { startDovecot } from '../test/helpers/dovecot.js';

import { startInProcessSift } from './in-process-sift.js';
import { machine } from './machine.js';
import { readDataset } from './shared-data.js';

const TOTAL = Number(process.env['BENCH_EMAILS'] ?? 5_000);
const TOKEN = 'sift_bench-imap-token-0123456789';

const bodies = [...readDataset('enron_berkeley'), ...readDataset('spamassassin_2002')].map(
  (record) => record.text,
);
const dovecot = await startDovecot({ bench: 'bench-password' });
const sift = await startInProcessSift({
  token: TOKEN,
  name: 'sift-bench-imap',
  trainDebounceMillis: 600_000,
});
try {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: dovecot.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: 'bench', pass: 'bench-password' },
    logger: false,
  });
  await client.connect();
  const appendStarted = performance.now();
  for (let index = 0; index < TOTAL; index++) {
    const body = bodies[index % bodies.length]!.replace(/\r?\n/g, '\r\n');
    const minute = String(index % 60).padStart(2, '0');
    await client.append(
      'INBOX',
      `Message-ID: <bench-${index}@mail.example.com>\r\nDate: Mon, 4 Mar 2002 10:${minute}:00 +0000\r\n` +
        `From: sender${index % 97}@example.org\r\nTo: support@example.com\r\nSubject: Message ${index}\r\n\r\n${body}\r\n`,
    );
  }
  const appendSeconds = (performance.now() - appendStarted) / 1000;
  await client.logout();

  await sift.call('PUT', '/api/_private/projects/bench', { user_ids: [] });
  const bucket = (await sift.call('PUT', '/api/_private/buckets/bench/mail', {}))['bucket'] as {
    id: string;
  };
  await sift.call('PUT', '/api/v1/sources/bench/mail', {
    source: { bucket_id: bucket.id, email_transform_tag: 'generic.0.CONVKER5' },
  });
  await sift.call('PUT', '/api/_private/integrations/bench/mail', {
    integration: {
      type: 'imap',
      configuration: {
        connection: {
          kind: 'imap',
          host: '127.0.0.1',
          port: dovecot.port,
          tls: 'none',
          username: 'bench',
          password: 'bench-password',
        },
        mailboxes: [
          {
            email: 'support@example.com',
            bucket_specification: { project_name: 'bench', name: 'mail', title: '' },
          },
        ],
      },
    },
  });
  const started = performance.now();
  await syncImapIntegrations(sift.deps);
  const seconds = (performance.now() - started) / 1000;
  const emails = await sift.deps.store.buckets.countEmails(bucket.id);
  const source = (await sift.call('GET', '/api/v1/sources/bench/mail'))['source'] as { id: string };
  const comments = await sift.deps.store.comments.count({ sourceIds: [source.id] });
  console.log(
    JSON.stringify({
      bench: 'imap',
      emails,
      comments,
      connector_seconds: Math.round(seconds * 100) / 100,
      connector_emails_per_second: Math.round(emails / seconds),
      append_emails_per_second: Math.round(TOTAL / appendSeconds),
      machine: machine(),
    }),
  );
} finally {
  await sift.close();
  dovecot.stop();
}
