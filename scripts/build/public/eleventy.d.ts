// The slice of @11ty/eleventy's programmatic API that site.ts uses (the package ships no types).
declare module '@11ty/eleventy' {
  export default class Eleventy {
    constructor(input?: string, output?: string, options?: Record<string, unknown>);
    toJSON(): Promise<unknown[]>;
  }
}
