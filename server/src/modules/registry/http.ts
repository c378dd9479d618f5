/** HTTP helpers of the registry routes. */
import type { FastifyReply } from 'fastify';
import { DuplicatePersonError } from './persons.service.js';
import { DuplicateEntityError } from './entities.service.js';

/**
 * A duplicate answers 409 problem+json; `existingId` names the existing record only when the
 * caller may see it (the service decided), so the console can open it instead of a copy.
 */
export async function withDuplicates<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T | FastifyReply> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof DuplicatePersonError || e instanceof DuplicateEntityError) {
      return reply.status(409).type('application/problem+json').send({
        type: `https://rongzhi.org/problems/${e.code}`, title: e.title, title_zh: e.titleZh, status: 409,
        ...(e.existingId && { detail: e.detail, existingId: e.existingId }),
      });
    }
    throw e;
  }
}
