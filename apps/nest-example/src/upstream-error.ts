import { BadGatewayException } from '@nestjs/common';
import { isAxiosError } from 'axios';

/**
 * A 502 with a log-safe reason: axios errors carry the request headers (the token), so only the
 * status is used; errors from @visma-auth/core never contain a secret or a token.
 */
export function upstreamError(error: unknown): BadGatewayException {
  if (isAxiosError(error)) {
    return new BadGatewayException(
      error.response
        ? `The Visma API answered HTTP ${error.response.status}.`
        : 'The Visma API could not be reached.',
    );
  }
  return new BadGatewayException(error instanceof Error ? error.message : 'Unexpected failure.');
}
