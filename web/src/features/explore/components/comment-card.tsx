import type { AnnotatedCommentRecord } from '../hooks/use-dataset-query';
import type { Prediction } from '../hooks/use-predictions';
import { commentMessages, labelState } from '../lib/comment-text';

type Props = {
  item: AnnotatedCommentRecord;
  current?: boolean;
  predictions?: readonly Prediction[];
};

/** One comment: thread messages, user properties, assigned and predicted labels with confidence. */
export function CommentCard({ item, current = false, predictions }: Props) {
  const { comment } = item;
  const labels = labelState(item, predictions);
  const properties = Object.entries(comment.user_properties);
  return (
    <article
      className={current ? 'comment current' : 'comment'}
      aria-label={`Comment ${comment.id}`}
      aria-current={current ? 'true' : undefined}
    >
      <div className="message-meta">
        {new Date(comment.timestamp).toLocaleString()} · <code>{comment.id}</code>
        {comment.thread_id !== undefined && <> · thread {comment.thread_id}</>}
      </div>
      {commentMessages(item).map((message, index) => (
        <div className="message" key={index}>
          <div className="message-meta">
            {message.from !== undefined && <>From {message.from}</>}
            {message.to !== undefined && message.to.length > 0 && <> → {message.to.join(', ')}</>}
            {message.sent_at !== undefined && <> · {new Date(message.sent_at).toLocaleString()}</>}
          </div>
          {message.subject !== undefined && <strong>{message.subject.text}</strong>}
          <div>{message.body.text}</div>
        </div>
      ))}
      {properties.length > 0 && (
        <dl className="facts" aria-label="User properties">
          {properties.map(([key, value]) => (
            <div key={key} style={{ display: 'contents' }}>
              <dt>{key.replace(/^(string|number):/, '')}</dt>
              <dd>{String(value)}</dd>
            </div>
          ))}
        </dl>
      )}
      <div className="labels-row" aria-label="Assigned labels">
        <span>Assigned:</span>
        {labels.assigned.length === 0 && <em>none</em>}
        {labels.assigned.map((name) => (
          <span key={name} className="label-chip">
            {name}
          </span>
        ))}
      </div>
      {labels.predicted.length > 0 && (
        <div className="labels-row" aria-label="Predicted labels">
          <span>Predicted:</span>
          {labels.predicted.map((p) => (
            <span key={p.name} className="predicted">
              {p.name} {Math.round(p.probability * 100)}%
            </span>
          ))}
        </div>
      )}
    </article>
  );
}
