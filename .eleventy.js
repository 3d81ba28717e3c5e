// Eleventy configuration: thin on purpose (CONTRIBUTING.md). It registers the build's shared
// markdown-it instance (raw HTML off, safe links, heading ids from the view's own text) and the
// templates folder. Eleventy only ever sees data already filtered to one audience (the public
// tier); advisory text reaches it as data, never as a template, so nothing in it is evaluated.
import { markdown } from './scripts/build/render/markdown.ts';

export default function configure(eleventyConfig) {
  eleventyConfig.setLibrary('md', markdown);
  return {
    dir: { input: 'templates', includes: '_includes' },
    // Markdown and HTML files are never run through a template engine first.
    markdownTemplateEngine: false,
    htmlTemplateEngine: false,
  };
}
