export * from './firms.module';
export * from './read-model/firms.projection';
export * from './read-model/firms.queries';
export * from './read-model/firms.view';
export * from './read-model/firm.model';
export * from './read-model/member.model';
export * from './manage-firm/question.input';
