export * from './export-format';
export * from './export-files';
export * from './export-verifier';
export * from './firm-export';
export * from './firm-import';
export * from './firm-store-verifier';
export * from './import-writer';
