// Server side of every transport: checks the method against the channel map, validates params, answers an envelope.
import { type ApiMethod, isApiMethod, type StudioApi } from '../../shared/api-contract';
import { describeIssues, paramSchemas } from '../../shared/api-schemas';
import { ApiError, type Envelope, errorEnvelope } from '../../shared/errors';

export async function dispatch(api: StudioApi, method: unknown, params: unknown): Promise<Envelope<unknown>> {
  try {
    if (!isApiMethod(method))
      throw new ApiError('invalid_input', `unknown API method ${JSON.stringify(method)}`);
    const parsed = paramSchemas[method].safeParse(params ?? undefined);
    if (!parsed.success) throw new ApiError('invalid_input', describeIssues(parsed.error));
    const fn = api[method as ApiMethod] as (p: unknown) => Promise<unknown>;
    return { result: await fn.call(api, parsed.data) };
  } catch (err) {
    return errorEnvelope(err);
  }
}
