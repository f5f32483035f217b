/**
 * tthc-sim/testing: the developer kit. fast-check arbitraries for sessions that respect a
 * procedure, and the laws of the workflow as functions to call inside your own test suite.
 * @example import { arbitraryConformingSession } from 'tthc-sim/testing';
 */
export { arbitraryConformingSession, arbitraryChaoticSession, arbitraryStart, sessionUntil } from './arbitraries.js';
