/**
 * A maintenance body written by someone hostile: escape sequences in the title, an item's title,
 * its commands, its notes and a Change Log cell; bidi reordering; zero-width characters in an ID;
 * terminal-title (OSC 0) and clipboard (OSC 52) sequences. Used by every output path's test.
 */
export const ESC = '\x1b';
export const HIDDEN_COMMAND = `echo visible-part ${ESC}[8m; echo HIDDEN-PAYLOAD > /tmp/hc-hidden-payload${ESC}[0m`;
export const HOSTILE_TITLE = `[Maintenance] 2026-11-26 ${ESC}]0;pwned\x07${ESC}[2J`;

export const HOSTILE_BODY = `# ${HOSTILE_TITLE}

**Overall Status**: RED ${ESC}]52;c;cm0gLXJmIH4=\x07
**Last Updated**: 2026-11-26 06:00 UTC

## Action Items

### Critical (P0)

- [ ] **H1 P0 Apps**: Clear the cache ${ESC}[31mRED${ESC}[0m
  - **Goal**: remove stale files \u202Eexe.txt\u202C
  - **Commands**: \`${HIDDEN_COMMAND}\`
  - **Expected**: nothing printed ${ESC}[?1049l
  - **If fails**: escalate
  - **Rollback**: N/A
- [ ] **H\u200B2 P0 Apps**: Zero-width ID \u2066isolated\u2069
  - **Goal**: show every invisible character
  - **Commands**: \`kubectl get pods -A\`

## Change Log

| Time | Action | Result |
|------|--------|--------|
| 2026-11-26 06:00 | recon ${ESC}]0;owned\x07 | done ${ESC}[8msecret${ESC}[0m |
`;

/** What a terminal would act on: ESC, other C0/C1 controls (LF aside), bidi and invisible format characters. */
// eslint-disable-next-line no-control-regex -- the point of the check
export const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;
