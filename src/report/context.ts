import type { ProcedureDecl } from '../model/procedure.js';
import type { Lang } from '../model/text.js';

/** What every renderer needs besides the result. */
export interface RenderContext {
  lang: Lang;
  zone: string;
  procedures: readonly ProcedureDecl[];
}
