// Eleventy configuration of the public site: thin on purpose (CONTRIBUTING.md). The build's
// render stage (scripts/build/public/site.ts) loads this file by its absolute path, never from
// the working directory, runs it over templates/ and adds, from its own code, the shared
// markdown-it instance (raw HTML off, safe links, heading ids from the view's text) and the
// audience's data (already filtered to the public tier) as global data. Advisory text reaches
// Eleventy only as data, never as a template, and Markdown and HTML files are never run through a
// template engine. Plain JavaScript importing nothing, so it loads the same whether the build runs
// from the TypeScript sources (tsx) or compiled (dist/).

export default function configure(eleventyConfig) {
  eleventyConfig.setTemplateFormats(['njk']);
  return {
    dir: { includes: '_includes' },
    markdownTemplateEngine: false,
    htmlTemplateEngine: false,
  };
}
