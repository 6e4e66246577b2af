import { Global, Module } from '@nestjs/common';
import { CloseCheckHandler } from './close-check/close-check.handler';
import { CloseCheckResolver } from './close-check/close-check.resolver';
import { JudgeQuestionHandler } from './judge-question/judge-question.handler';
import { JudgeQuestionResolver } from './judge-question/judge-question.resolver';
import { OpenCheckHandler } from './open-check/open-check.handler';
import { OpenCheckResolver } from './open-check/open-check.resolver';
import { AlignmentCheckResolver } from './read-model/alignment-check.resolver';
import { AlignmentHistoryResolver } from './read-model/alignment-history.resolver';
import { ChecksQueries } from './read-model/checks.queries';
import { ChecksView } from './read-model/checks.view';
import { RevealCheckHandler } from './reveal-check/reveal-check.handler';
import { RevealCheckResolver } from './reveal-check/reveal-check.resolver';
import { SubmitAnswerHandler } from './submit-answer/submit-answer.handler';
import { SubmitAnswerResolver } from './submit-answer/submit-answer.resolver';

/** Alignment checks: open, blind answers, reveal (by itself when all answered), judge, close and score. */
@Global()
@Module({
  providers: [
    ChecksQueries,
    ChecksView,
    AlignmentCheckResolver,
    AlignmentHistoryResolver,
    OpenCheckHandler,
    OpenCheckResolver,
    SubmitAnswerHandler,
    SubmitAnswerResolver,
    RevealCheckHandler,
    RevealCheckResolver,
    JudgeQuestionHandler,
    JudgeQuestionResolver,
    CloseCheckHandler,
    CloseCheckResolver,
  ],
  exports: [ChecksQueries, ChecksView],
})
export class ChecksModule {}
