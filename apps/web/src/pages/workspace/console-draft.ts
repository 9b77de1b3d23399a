import { createContext, useContext } from 'react';

/** A statement sent to the console from elsewhere on the page (a guide's SQL block); `seq` tells repeats apart. */
export interface ConsoleDraft {
  statement: string;
  seq: number;
}

export interface ConsoleDraftContext {
  draft: ConsoleDraft | null;
  /** Puts the statement in the console's editor and opens the Console tab. */
  sendToConsole: (statement: string) => void;
}

export const ConsoleDraftContext = createContext<ConsoleDraftContext>({ draft: null, sendToConsole: () => undefined });

export const useConsoleDraft = () => useContext(ConsoleDraftContext);
