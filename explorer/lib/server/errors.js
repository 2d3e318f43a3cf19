import { SprocketError } from '@sprocket/sdk';
/** The explorer package's error family (a SprocketError with an `EXPLORER_*` code). */
export class ExplorerError extends SprocketError {
    constructor(code, message, options = {}) {
        super(code, message, options);
    }
}
//# sourceMappingURL=errors.js.map