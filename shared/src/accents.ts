/**
 * The accent colours a conversation may take. Each has a light and a dark shade (pwa theme.css,
 * `--volley-accent-<name>`) that pass WCAG AA as text on the app's backgrounds and under button
 * text, in both themes; the server accepts only these names.
 */
export const ACCENTS = ['indigo', 'blue', 'teal', 'green', 'amber', 'rose', 'violet', 'slate'] as const;
