// Types for the parts of @secvisogram/csaf-validator-lib the suites use (the package ships JS only).
declare module '@secvisogram/csaf-validator-lib/validateStrict.js' {
  export type DocumentTest = (doc: unknown) => unknown;
  export interface Message {
    message: string;
    instancePath: string;
  }
  export interface Result {
    isValid: boolean;
    tests: { name: string; isValid: boolean; errors: Message[]; warnings: Message[]; infos: Message[] }[];
  }
  export default function validateStrict(tests: DocumentTest[], doc: unknown): Promise<Result>;
}
declare module '@secvisogram/csaf-validator-lib/mandatoryTests.js' {
  const tests: Record<string, (doc: unknown) => unknown>;
  export = tests;
}
declare module '@secvisogram/csaf-validator-lib/schemaTests.js' {
  export const csaf_2_0_strict: (doc: unknown) => unknown;
  export const csaf_2_0: (doc: unknown) => unknown;
}
declare module '@secvisogram/csaf-validator-lib/optionalTests.js' {
  export const optionalTest_6_2_13: (doc: unknown) => unknown;
}
