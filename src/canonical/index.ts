export type * from './message.js';
export type * from './call-options.js';
export type * from './response.js';
export type * from './stream-part.js';
export type * from './tool.js';
export type * from './finish-reason.js';
export type * from './provider-options.js';
export type * from './wire-format.js';
export { addUsage, emptyUsage, type Usage } from './usage.js';
