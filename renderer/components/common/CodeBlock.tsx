import { CopyButton } from './CopyButton.js';

export function CodeBlock({ title, subtitle, content, testId }: { title: string; subtitle?: string; content: string; testId?: string }) {
  return (
    <figure className="code-block" data-testid={testId}>
      <figcaption className="code-block__header">
        <div>
          <div className="code-block__title">{title}</div>
          {subtitle && <div className="code-block__subtitle">{subtitle}</div>}
        </div>
        <CopyButton text={content} testId={testId ? `${testId}-copy` : undefined} />
      </figcaption>
      {/* Focusable, so a long artifact can be scrolled from the keyboard. */}
      <pre className="code-block__body" tabIndex={0} aria-label={title}>
        <code>{content}</code>
      </pre>
    </figure>
  );
}
