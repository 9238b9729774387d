import type { Artifact } from '../../../../shared/artifacts/artifact.js';
import { CodeBlock } from '../../common/CodeBlock.js';

/** One generated artifact: what it is for, the file it is saved as, and its text to copy. */
export function ArtifactBlock({ artifact: a, testId }: { artifact: Pick<Artifact, 'title' | 'description' | 'filename' | 'content'>; testId: string }) {
  return <CodeBlock title={a.title} subtitle={`${a.description} Saved as ${a.filename}.`} content={a.content} testId={testId} />;
}
