import { TokenRequest } from '@redress/core';
import { z } from 'zod';
import type { OperationSpec } from './operation';
import {
  AccessTokenSchema,
  CalendarInput,
  CalendarYearAnswerSchema,
  CalendarYearParam,
  DeadlineQuery,
  DeadlineSchema,
  JwksSchema,
  OAuthProblemSchema,
  TaxonomyEntrySchema,
} from './schemas';

const taxonomyPage = z.object({ data: z.array(TaxonomyEntrySchema), nextCursor: z.null() });
/** The document itself, described loosely: it is OpenAPI 3.1. */
const OpenApiDocumentSchema = z.object({ openapi: z.string() }).catchall(z.unknown());

/** Sign-in for integrations, the public keys, the document, calendars and the taxonomy. */
export const referenceOperations: OperationSpec[] = [
  {
    method: 'post',
    path: '/oauth/token',
    operationId: 'issueAccessToken',
    summary: 'Get an access token',
    description:
      'OAuth 2 client credentials (RFC 6749 §4.4), as a form or JSON; the credentials may also come as HTTP Basic.',
    tag: 'Auth',
    access: 'public',
    body: {
      name: 'TokenRequest',
      schema: TokenRequest,
      mediaTypes: ['application/x-www-form-urlencoded', 'application/json'],
    },
    success: { status: 200, schema: AccessTokenSchema, description: 'A short-lived access token.' },
    onlyErrors: [400, 401, 413, 429],
    problem: OAuthProblemSchema,
  },
  {
    method: 'get',
    path: '/.well-known/jwks.json',
    operationId: 'getJwks',
    summary: 'The token signing keys',
    description: 'The public keys that sign access tokens (JWKS).',
    tag: 'Auth',
    access: 'public',
    success: { status: 200, schema: JwksSchema, description: 'The key set.' },
    onlyErrors: [],
  },
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This document',
    tag: 'Reference',
    access: 'public',
    success: { status: 200, schema: OpenApiDocumentSchema, description: 'The OpenAPI 3.1 document.' },
    onlyErrors: [],
  },
  {
    method: 'get',
    path: '/api/v1/calendars/deadline',
    operationId: 'computeDeadline',
    summary: 'Compute a deadline',
    description:
      'The end of a period of `amount` working or calendar days from `from` (Order 121 art. 45): the day of `from` is not counted.',
    tag: 'Calendars',
    access: 'read',
    query: DeadlineQuery,
    success: { status: 200, schema: DeadlineSchema, description: 'The deadline.' },
  },
  {
    method: 'get',
    path: '/api/v1/calendars/{year}',
    operationId: 'getCalendarYear',
    summary: 'A year’s working-day calendar',
    description:
      'A year without a State Council notice loaded is answered with the provisional calendar of the statutory holidays (`calendarProvisional: true`; no bridge days, no adjusted working days); a year it does not cover (before 2000, after 2200) as Monday to Friday with `calendarGap: true`.',
    tag: 'Calendars',
    access: 'read',
    params: { year: CalendarYearParam },
    success: { status: 200, schema: CalendarYearAnswerSchema, description: 'The calendar year.' },
  },
  {
    method: 'put',
    path: '/api/v1/calendars/{year}',
    operationId: 'putCalendarYear',
    summary: 'Load a year’s working-day calendar',
    description:
      'Commission admins, from the State Council notice: days off and adjusted working days (调休).',
    tag: 'Calendars',
    access: 'write',
    params: { year: CalendarYearParam },
    body: { name: 'CalendarInput', schema: CalendarInput },
    success: { status: 200, schema: CalendarYearAnswerSchema, description: 'The calendar year.' },
  },
  {
    method: 'get',
    path: '/api/v1/categories',
    operationId: 'listCategories',
    summary: 'Complaint categories',
    tag: 'Taxonomy',
    access: 'read',
    success: { status: 200, schema: taxonomyPage, description: 'Every category, with labels.' },
  },
  {
    method: 'get',
    path: '/api/v1/tags',
    operationId: 'listTags',
    summary: 'Complaint tags',
    tag: 'Taxonomy',
    access: 'read',
    success: { status: 200, schema: taxonomyPage, description: 'Every tag, with labels.' },
  },
];
