import { Global, Module } from '@nestjs/common';
import { MEMBER_DIRECTORY } from '@accord/platform';
import { AddMemberHandler } from './add-member/add-member.handler';
import { AddMemberResolver } from './add-member/add-member.resolver';
import { CreateFirmHandler } from './create-firm/create-firm.handler';
import { CreateFirmResolver } from './create-firm/create-firm.resolver';
import { ChangeFirmHandler } from './manage-firm/change-firm.handler';
import { ManageFirmResolver } from './manage-firm/manage-firm.resolver';
import { MemberTokensResolver } from './member-tokens/member-tokens.resolver';
import { RevokeTokenHandler } from './member-tokens/revoke-token.handler';
import { RotateTokenHandler } from './member-tokens/rotate-token.handler';
import { FirmResolver } from './read-model/firm.resolver';
import { FirmsQueries } from './read-model/firms.queries';
import { FirmsView } from './read-model/firms.view';

/** Firms and members: founding, joining, roles, tokens, question set, cadence; the member directory for sign-in. */
@Global()
@Module({
  providers: [
    FirmsQueries,
    FirmsView,
    { provide: MEMBER_DIRECTORY, useExisting: FirmsQueries },
    CreateFirmHandler,
    CreateFirmResolver,
    AddMemberHandler,
    AddMemberResolver,
    ChangeFirmHandler,
    ManageFirmResolver,
    RotateTokenHandler,
    RevokeTokenHandler,
    MemberTokensResolver,
    FirmResolver,
  ],
  exports: [FirmsQueries, FirmsView, MEMBER_DIRECTORY],
})
export class FirmsModule {}
