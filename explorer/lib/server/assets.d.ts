/** The absolute path of the built page (`explorer/dist/`, with a trailing separator); it may not be built yet. */
export declare function explorerAssets(): string;
/** The built page's directory; an ExplorerError EXPLORER_NOT_BUILT with the command to run when it is missing. */
export declare function requireExplorerAssets(): string;
//# sourceMappingURL=assets.d.ts.map