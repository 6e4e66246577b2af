import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link SignUp}. */
export const SIGN_UP = 'accord:sign-up';

/** Marks the mutation that founds a firm: it also draws on the per-address sign-up limit (ACCORD_SIGNUPS_PER_HOUR_PER_IP). */
export const SignUp = (): MethodDecorator => SetMetadata(SIGN_UP, true);
