import { Component, type ErrorInfo, type ReactNode } from 'react';
import { reportError } from '../../api.js';
import { CopyButton } from './CopyButton.js';

interface State {
  readonly error: Error | null;
}

/**
 * A screen that broke shows a friendly page with what to send support, instead of a blank window;
 * the error goes to main's log (the renderer has no file of its own).
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    reportError('render', error, `\n${info.componentStack ?? ''}`);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    const details = `${error.name}: ${error.message}\n\n${error.stack ?? ''}`;
    return (
      <main className="page" id="main" data-testid="error-boundary">
        <section className="card stack">
          <h1>This screen ran into a problem</h1>
          <p>Nothing you saved is affected: connections, drafts and settings live in the app's main process. Go back to the organisations list and try again.</p>
          <div className="row">
            <a className="btn btn--primary" href="#/" onClick={() => this.setState({ error: null })}>
              Back to organisations
            </a>
            <CopyButton text={details} label="Copy details for support" />
          </div>
          <details>
            <summary>Technical details</summary>
            <pre className="code-block__body">{details}</pre>
          </details>
        </section>
      </main>
    );
  }
}
