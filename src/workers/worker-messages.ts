/** Worker → primary, once its server listens: the URL the banner shows. */
export interface ListeningMessage {
  lifelineWorker: 'listening';
  url: string;
}

export function isListeningMessage(message: unknown): message is ListeningMessage {
  return typeof message === 'object' && message !== null && (message as { lifelineWorker?: unknown }).lifelineWorker === 'listening' && typeof (message as { url?: unknown }).url === 'string';
}
