// The LAN routes in the OpenAPI document (server/src/http/openapi.ts merges these).
import { z } from 'zod';
import { networkSettingsChangeSchema } from './network-settings.js';

const json = (schema: object, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const error = (description: string) => json(ref('Error'), description);
const auth = { 401: error('Sign-in needed'), 403: error('Only an admin may do this, or the client is outside the household (remote_access_off)') };

export const lanSchemas = {
  NetworkSettings: {
    type: 'object',
    required: ['name', 'announce', 'interfaces', 'remoteAccess', 'id', 'defaultName', 'availableInterfaces', 'discovery'],
    properties: {
      name: { type: 'string', description: 'announced over mDNS and shown in the UI' },
      announce: { type: 'boolean', description: 'mDNS announcement and the UDP "who is Seed?" answer' },
      interfaces: { type: ['array', 'null'], items: { type: 'string' }, description: 'null: every interface' },
      remoteAccess: { type: 'boolean', description: 'serve clients outside loopback, RFC 1918, link-local and IPv6 unique-local addresses' },
      id: { type: 'string', format: 'uuid', description: 'stable; the TXT key `id`' },
      defaultName: { type: 'string' },
      availableInterfaces: { type: 'array', items: { type: 'object', required: ['name', 'addresses'], properties: { name: { type: 'string' }, addresses: { type: 'array', items: { type: 'string' } } } } },
      discovery: {
        type: 'object',
        required: ['announcing', 'interfaces', 'reason', 'udpPort'],
        properties: {
          announcing: { type: 'boolean' },
          interfaces: { type: 'array', items: { type: 'string' }, description: 'announced on now' },
          reason: { type: ['string', 'null'], description: 'why nothing is announced' },
          udpPort: { type: ['integer', 'null'], description: 'answering "who is Seed?" here' },
        },
      },
    },
  },
  ServerLan: {
    type: 'object',
    required: ['id', 'name', 'urls', 'reason'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      name: { type: 'string' },
      urls: {
        type: 'array',
        items: {
          type: 'object',
          required: ['url', 'interface', 'family', 'qrUrl'],
          properties: { url: { type: 'string' }, interface: { type: 'string' }, family: { enum: ['IPv4', 'IPv6'] }, qrUrl: { type: 'string', description: 'the URL as a QR code (image/svg+xml)' } },
        },
      },
      reason: { type: ['string', 'null'], description: 'why no URL is listed' },
    },
  },
};

export const lanPaths = {
  '/api/settings/network': {
    get: { summary: 'Network settings (admin): name, announcement, interfaces, remote access, and what is announced now', responses: { 200: json(ref('NetworkSettings')), ...auth } },
    put: {
      summary: 'Change network settings (admin); a new name or interface choice is announced before the answer',
      requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(networkSettingsChangeSchema, { target: 'draft-2020-12', io: 'input' }) } } },
      responses: { 200: json(ref('NetworkSettings')), 400: error('A field is invalid; the message names it'), ...auth },
    },
  },
  '/api/server/lan': {
    get: { summary: "The URLs other devices of the household open Seed at (one per address of the chosen interfaces), each with a QR code", responses: { 200: json(ref('ServerLan')), ...auth } },
  },
  '/api/server/lan/qr': {
    get: {
      summary: 'One of the LAN URLs as a QR code',
      parameters: [{ name: 'url', in: 'query', required: true, schema: { type: 'string' } }],
      responses: { 200: { description: 'SVG', content: { 'image/svg+xml': {} } }, 400: error('url is missing'), 404: error('Not a LAN URL of this server'), ...auth },
    },
  },
};
