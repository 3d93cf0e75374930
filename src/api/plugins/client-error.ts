import { STATUS_CODES, maxHeaderSize } from 'node:http';
import type { Socket } from 'node:net';

/** How long a refused connection may keep sending the rest of its request before it is cut. */
const DRAIN_MILLIS = 2_000;

function refusal(error: NodeJS.ErrnoException): { code: number; message: string } {
  switch (error.code ?? '') {
    case 'HPE_HEADER_OVERFLOW':
      return {
        code: 431,
        message: `Request URL and headers are larger than the server accepts (${maxHeaderSize} bytes in total)`,
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { code: 408, message: 'The request was not received in time' };
    default:
      return { code: 400, message: `Malformed HTTP request: ${error.message}` };
  }
}

/**
 * Node's HTTP parser rejects some requests (an oversized URL or header, a malformed request line)
 * before Fastify sees them, and Fastify's default answer lacks the envelope and Server-Timing (api.md
 * §3.4, §3.6). This answers with both. It also drains what the client is still sending before closing:
 * closing a socket with unread data makes the kernel send a reset, and the client would see
 * ECONNRESET instead of the 431.
 */
export function handleClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) {
    return;
  }
  const { code, message } = refusal(error);
  const body = JSON.stringify({ status: 'error', message });
  socket.on('error', () => {
    // The client went away while we drained; nothing is left to tell it.
  });
  if (socket.writable) {
    socket.end(
      `HTTP/1.1 ${code} ${STATUS_CODES[code]}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `Server-Timing: total;dur=0.0\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  }
  socket.resume();
  setTimeout(() => socket.destroy(), DRAIN_MILLIS).unref();
}
