import { SprocketError, type SprocketErrorOptions } from '@sprocket/sdk';
/** Stable codes of {@link ExplorerError}. */
export type ExplorerErrorCode = 'EXPLORER_NOT_BUILT';
/** The explorer package's error family (a SprocketError with an `EXPLORER_*` code). */
export declare class ExplorerError extends SprocketError {
    readonly code: ExplorerErrorCode;
    constructor(code: ExplorerErrorCode, message: string, options?: SprocketErrorOptions);
}
//# sourceMappingURL=errors.d.ts.map