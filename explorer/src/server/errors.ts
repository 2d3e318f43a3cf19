import { SprocketError, type SprocketErrorOptions } from '@sprocket/sdk';

/** Stable codes of {@link ExplorerError}. */
export type ExplorerErrorCode = 'EXPLORER_NOT_BUILT';

/** The explorer package's error family (a SprocketError with an `EXPLORER_*` code). */
export class ExplorerError extends SprocketError {
  declare readonly code: ExplorerErrorCode;

  constructor(code: ExplorerErrorCode, message: string, options: SprocketErrorOptions = {}) {
    super(code, message, options);
  }
}
