import type { ThreadProperties } from '../../contracts/comments.js';
import type { CommentRecord } from '../../store/store.js';

type Addressed = { from?: unknown; to?: unknown; cc?: unknown };

function seconds(from: string, to: string): number {
  // Canonical timestamps: millisecond Date arithmetic plus the microsecond digits.
  const micros = (value: string) =>
    Date.parse(value.slice(0, 23) + 'Z') * 1000 + Number(value.slice(23, 26));
  return (micros(to) - micros(from)) / 1_000_000;
}

/** ThreadProperties (api.md §4.4.5) of one comment, given all comments of its thread in timestamp order. */
export function threadProperties(
  thread: readonly CommentRecord[],
  comment: CommentRecord,
): ThreadProperties {
  const participants = new Set<string>();
  for (const member of thread) {
    for (const message of member.messages as Addressed[]) {
      const recipients: unknown[] = [
        ...(Array.isArray(message.to) ? (message.to as unknown[]) : []),
        ...(Array.isArray(message.cc) ? (message.cc as unknown[]) : []),
      ];
      for (const address of [message.from, ...recipients]) {
        if (typeof address === 'string' && address !== '') {
          participants.add(address.toLowerCase());
        }
      }
    }
  }
  const first = thread[0];
  const second = thread[1];
  const last = thread[thread.length - 1];
  const firstSender = (first?.messages[0] as Addressed | undefined)?.from;
  const position = thread.findIndex((member) => member.id === comment.id);
  return {
    num_messages: thread.length,
    num_participants: participants.size,
    ...(position >= 0 ? { thread_position: position + 1 } : {}),
    ...(typeof firstSender === 'string' ? { first_sender: firstSender } : {}),
    ...(first && last ? { duration: seconds(first.timestamp, last.timestamp) } : {}),
    ...(first && second ? { response_time: seconds(first.timestamp, second.timestamp) } : {}),
  };
}

/** Groups thread members by thread id, each in (timestamp, id) order. */
export function groupThreads(comments: readonly CommentRecord[]): Map<string, CommentRecord[]> {
  const threads = new Map<string, CommentRecord[]>();
  for (const comment of comments) {
    if (comment.thread_id === null) {
      continue;
    }
    const members = threads.get(comment.thread_id) ?? [];
    members.push(comment);
    threads.set(comment.thread_id, members);
  }
  for (const members of threads.values()) {
    members.sort((a, b) =>
      a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : a.id < b.id ? -1 : 1,
    );
  }
  return threads;
}
