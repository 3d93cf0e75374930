import { startServer } from '../../api/server.js';
import { loadConfig } from '../../config.js';
import type { Io } from '../io.js';

/** Starts the server and keeps it up until SIGINT/SIGTERM. */
export async function runServer(io: Io): Promise<void> {
  const config = loadConfig(io.env);
  const server = await startServer(config);
  if (server.generatedAdminToken !== null) {
    // Printed once, on first start only; the file keeps it (mode 0600).
    io.stdout.write(
      `Admin API token (saved to ${server.adminTokenFile ?? 'the data dir'}):\n${server.generatedAdminToken}\n`,
    );
  }
  io.stdout.write(`Sift listening on ${server.url}\n`);
  const stop = (): void => {
    const forceExit = setTimeout(() => process.exit(1), 10_000);
    forceExit.unref();
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
