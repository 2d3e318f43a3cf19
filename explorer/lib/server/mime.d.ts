/** The Content-Type of a file by its extension (`application/octet-stream` when unknown). */
export declare function mimeType(file: string): string;
//# sourceMappingURL=mime.d.ts.map