/** A failure worth retrying later (store unavailable, embedder host crashed): the job goes back to pending. */
export class RetryableJobError extends Error {
  override readonly name = 'RetryableJobError';
}
