import type { OpenAPIObject } from '@nestjs/swagger';
import { mergeOpenApi } from './openapi-merge.js';

const doc = (paths: OpenAPIObject['paths'], schemas: Record<string, object>): OpenAPIObject => ({
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths,
  components: { schemas },
});

describe('mergeOpenApi', () => {
  it('mounts each service under /api/<name> and keeps same-named schemas apart', () => {
    const merged = mergeOpenApi(doc({ '/auth/sign-in': { post: { responses: {} } } }, {}), {
      centres: doc(
        {
          '/centres/{centreId}': {
            get: {
              tags: ['centres'],
              responses: {
                200: {
                  description: 'ok',
                  content: { 'application/json': { schema: { $ref: '#/components/schemas/View' } } },
                },
              },
            },
          },
        },
        { View: { type: 'object' } },
      ),
      'purchased-services': doc({}, { View: { type: 'string' } }),
    });
    expect(Object.keys(merged.paths)).toEqual(['/auth/sign-in', '/api/centres/centres/{centreId}']);
    expect(JSON.stringify(merged.paths['/api/centres/centres/{centreId}'])).toContain(
      '#/components/schemas/Centres_View',
    );
    expect(merged.paths['/api/centres/centres/{centreId}']?.get?.tags).toEqual(['centres: centres']);
    expect(Object.keys(merged.components?.schemas ?? {})).toEqual(['Centres_View', 'PurchasedServices_View']);
  });
});
