// A delete button that asks first, inline: Delete / Cancel, with Escape to back out.
import { useState, type ReactNode } from 'react';

interface Props {
  label: string;
  /** What the question says, e.g. "Delete app shop and its 3 functions?" */
  question: ReactNode;
  testId: string;
  onConfirm(): void;
}

export function ConfirmButton({ label, question, testId, onConfirm }: Props) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button
        type="button"
        className="icon-button danger"
        data-testid={testId}
        aria-label={label}
        title={label}
        onClick={() => setAsking(true)}
      >
        ×
      </button>
    );
  return (
    <span
      className="confirm"
      role="alertdialog"
      aria-label={label}
      onKeyDown={(e) => e.key === 'Escape' && setAsking(false)}
    >
      <span>{question}</span>
      <button
        type="button"
        className="danger"
        data-testid="confirm-delete"
        autoFocus
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        Delete
      </button>
      <button type="button" data-testid="confirm-cancel" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
