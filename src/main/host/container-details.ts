// One container's details for the API (live, or among those that ended recently), secrets masked unless revealed.
import { type ContainerDetail, containerDetail } from '../../shared/container-detail';
import { ApiError } from '../../shared/errors';
import { containerSetup } from '../core/container-setup';
import { type ContainerTracker, ENDED_CONTAINERS_KEPT } from '../core/container-tracker';

export function containerDetailOf(
  containers: ContainerTracker,
  id: string,
  reveal: boolean,
): ContainerDetail {
  const found = containers.find(id);
  if (!found?.started)
    throw new ApiError(
      'not_found',
      `no container ${id}: not one of this host's live containers, nor of the last ${ENDED_CONTAINERS_KEPT} that ended`,
    );
  return containerDetail(found.info, containerSetup(found.started), reveal);
}

/** The `reveal` query parameter: 1 or true shows secret values; absent, 0 or false keeps them masked. */
export function revealParam(value: string | null): boolean {
  if (value === null || ['', '0', 'false'].includes(value)) return false;
  if (['1', 'true'].includes(value)) return true;
  throw new ApiError(
    'invalid_input',
    `reveal must be 1 (show secret values) or 0, not ${JSON.stringify(value)}`,
  );
}
