/** What the two lists of pixel text are called, wherever the app names them. */

/** The words for each list. */
export const LIST_WORDS = {
  allow: { name: 'allowlist', title: 'Always keep', role: 'allowlist: kept when it explains the line' },
  deny: { name: 'denylist', title: 'Always burn', role: 'denylist: burned wherever it is read' },
} as const;
