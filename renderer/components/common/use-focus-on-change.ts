import { useEffect, useRef } from 'react';

/**
 * A ref whose element takes focus when it appears and whenever `key` changes (a new result in
 * place): the new content is where a keyboard or screen-reader user continues. The element needs
 * `tabIndex={-1}` if it is not a control.
 */
export function useFocusOnChange<T extends HTMLElement>(key: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [key]);
  return ref;
}
