import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Socket, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DOVECOT = '/usr/sbin/dovecot';

export type Dovecot = { port: number; stop(): void };

export function dovecotAvailable(): boolean {
  return existsSync(DOVECOT);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * A throwaway Dovecot IMAP server on a loopback port (stack.md §2.5): its own config, passdb and
 * maildirs under a temp dir, no system service. `users` maps login → password.
 */
export async function startDovecot(users: Record<string, string>): Promise<Dovecot> {
  const base = mkdtempSync(join(tmpdir(), 'sift-dovecot-'));
  const port = await freePort();
  for (const directory of ['run', 'state', 'home']) {
    mkdirSync(join(base, directory), { recursive: true, mode: 0o777 });
  }
  execFileSync('chmod', ['0755', base]);
  execFileSync('chown', ['nobody:nogroup', join(base, 'home')]);
  writeFileSync(
    join(base, 'passwd'),
    Object.entries(users)
      .map(([user, password]) => `${user}:{PLAIN}${password}`)
      .join('\n') + '\n',
  );
  const config = join(base, 'dovecot.conf');
  writeFileSync(
    config,
    `protocols = imap
listen = 127.0.0.1
base_dir = ${join(base, 'run')}
state_dir = ${join(base, 'state')}
log_path = ${join(base, 'dovecot.log')}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = nobody
default_internal_group = nogroup
default_login_user = nobody
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${join(base, 'passwd')}
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=${join(base, 'home')}/%u
}
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
`,
  );
  // The master daemonises and its children keep inherited pipes open: no pipes, or this never returns.
  const started = spawnSync(DOVECOT, ['-c', config], { stdio: 'ignore' });
  if (started.status !== 0) {
    const log = existsSync(join(base, 'dovecot.log'))
      ? readFileSync(join(base, 'dovecot.log'), 'utf8')
      : '';
    throw new Error(`dovecot did not start (exit ${String(started.status)}): ${log}`);
  }
  // Wait until the listener accepts connections.
  for (let attempt = 0; attempt < 100; attempt++) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1');
    });
    if (ok) {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    stop() {
      const pidFile = join(base, 'run', 'master.pid');
      if (existsSync(pidFile)) {
        const pid = Number(readFileSync(pidFile, 'utf8').trim());
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
      rmSync(base, { recursive: true, force: true });
    },
  };
}
