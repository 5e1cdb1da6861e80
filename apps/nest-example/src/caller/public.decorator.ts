import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link Public}. */
export const IS_PUBLIC = 'callerGuard:public';

/** Marks a route that needs no caller and acts for no caller's company (e.g. `/health`). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
