import { StoreError } from '../shared/errors.ts';

/**
 * A stored record that is not valid JSON or does not match its schema. The message names the file, what is wrong
 * and the fix; the store never overwrites the file while it is damaged.
 */
export class DamagedRecordError extends StoreError {
  constructor(
    message: string,
    /** Where the record lives ("snapshots/_records/notifications.json"). */
    readonly location: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}
