import { useState } from 'react';

/** "Import platform profile…": a file picker that is also a drop target. */
export function ProfileDropzone({ onFile }: { onFile: (file: File | undefined) => void }) {
  const [dragging, setDragging] = useState(false);
  return (
    <label
      className={`dropzone ${dragging ? 'dropzone--over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        onFile(e.dataTransfer.files[0]);
      }}
      data-testid="profile-dropzone"
    >
      <strong>Import platform profile…</strong>
      <span className="muted small">Choose the file the platform team sent you, or drop it here. It configures this laptop in one step.</span>
      <input type="file" accept=".jws,.profile,.jwt,.txt,application/jose" className="visually-hidden" onChange={(e) => onFile(e.target.files?.[0])} data-testid="profile-file" />
    </label>
  );
}
