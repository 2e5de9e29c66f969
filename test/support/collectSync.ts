import type { Observable } from 'rxjs';

/**
 * Subscribes, collects what a synchronous pipeline emits, and unsubscribes. Rethrows the pipeline's
 * error, and fails when the pipeline did not complete synchronously.
 */
export const collectSync = <T>(source$: Observable<T>): T[] => {
  const values: T[] = [];
  let completed = false;
  let failure: { readonly error: unknown } | undefined;
  const subscription = source$.subscribe({
    next: (value) => values.push(value),
    error: (error: unknown) => {
      failure = { error };
    },
    complete: () => {
      completed = true;
    },
  });
  subscription.unsubscribe();
  if (failure !== undefined) throw failure.error;
  if (!completed) throw new Error('the pipeline did not complete synchronously');
  return values;
};
