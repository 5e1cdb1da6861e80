// src/erp-api.ts
/** What openapi-typescript generates for the ERP API's `GET /v1/customer`, trimmed to one route. */
export interface paths {
  '/v1/customer': {
    get: {
      parameters: {
        query?: { pageNumber?: number; pageSize?: number };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        200: {
          headers: Record<string, unknown>;
          content: { 'application/json': components['schemas']['Customer'][] };
        };
        401: {
          headers: Record<string, unknown>;
          content: { 'application/json': { error: string; message?: string } };
        };
      };
    };
  };
}

export interface components {
  schemas: {
    Customer: { number: string; name: string; status: 'Active' | 'Inactive' };
  };
}
