/** Where the CLI's status and admin commands look for a running Lifeline unless told (`--url`, LIFELINE_URL). */
export const DEFAULT_LIFELINE_URL = 'http://127.0.0.1:4000';
