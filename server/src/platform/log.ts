import { pino, type Logger } from 'pino';
import { Writable } from 'node:stream';

/**
 * Masks anything that looks like a citizen ID (15/18 digits) or a mainland mobile number
 * in a finished log line. Done on the serialized line, not on known fields, so that an ID
 * hidden in an error message or a URL is caught too.
 */
export function maskPersonalData(line: string): string {
  return line
    .replace(/(?<![0-9A-Za-z])(\d{3})\d{11}(\d{3}[\dXx])(?![0-9A-Za-z])/g, '$1***********$2') // 18-digit ID
    .replace(/(?<!\d)(\d{3})\d{5}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d(\d{2})(?!\d)/g, '$1**********$2') // 15-digit legacy ID (YYMMDD inside)
    .replace(/(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g, '$1****$2'); // mobile
}

function maskingStream(target: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk, _enc, cb) {
      target.write(maskPersonalData(chunk.toString()));
      cb();
    },
  });
}

export function createLogger(level: string, target: NodeJS.WritableStream = process.stdout): Logger {
  return pino(
    {
      level,
      redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'password', '*.password'], censor: '[redacted]' },
    },
    maskingStream(target),
  );
}
