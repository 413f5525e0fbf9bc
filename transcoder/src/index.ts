export * from './media-info.js';
export * from './probe.js';
export * from './ladder.js';
export * from './hls-args.js';
export * from './hls-job.js';
export * from './run-ffmpeg.js';
export * from './locate.js';
export * from './doctor.js';
