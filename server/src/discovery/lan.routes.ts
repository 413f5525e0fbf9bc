import { Router } from 'express';
import QRCode from 'qrcode';
import { z } from 'zod';
import { notFound } from '../errors.js';
import type { LanUrlDto, NetworkSettingsDto, ServerLanDto, UpdateNetworkSettingsRequest } from '../http/api-types.js';
import { parseInput } from '../http/validate.js';
import { interfaceChoices, notServedReason } from './lan-addresses.js';
import type { LanService } from './lan.service.js';
import { networkSettingsChangeSchema } from './network-settings.js';

// the schema and the API's request type must not drift apart
const changeSchema = networkSettingsChangeSchema satisfies z.ZodType<UpdateNetworkSettingsRequest>;
const qrQuery = z.object({ url: z.string({ error: 'is required' }).min(1, 'is required') });

const QR_PATH = '/api/server/lan/qr';

function toNetworkSettingsDto(lan: LanService): NetworkSettingsDto {
  const s = lan.settings();
  const d = lan.status();
  return {
    name: s.name,
    announce: s.announce,
    interfaces: s.interfaces,
    remoteAccess: s.remoteAccess,
    id: lan.serverId(),
    defaultName: lan.defaultName(),
    availableInterfaces: interfaceChoices(lan.interfaces()),
    discovery: { announcing: d.announcing, interfaces: d.interfaces, reason: d.reason, udpPort: d.udpPort },
  };
}

/** GET/PUT /settings/network (admin: every /settings route is), GET /server/lan and its QR codes (any profile). */
export function lanRoutes(lan: LanService): Router {
  const router = Router();
  router.get('/settings/network', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(toNetworkSettingsDto(lan));
  });
  router.put('/settings/network', async (req, res) => {
    await lan.update(parseInput(changeSchema, req.body ?? {}, 'body'));
    res.json(toNetworkSettingsDto(lan));
  });
  router.get('/server/lan', (_req, res) => {
    const urls: LanUrlDto[] = lan.lanUrls().map((u) => ({ url: u.url, interface: u.interface, family: u.family, qrUrl: `${QR_PATH}?url=${encodeURIComponent(u.url)}` }));
    const at = lan.listening();
    const reason = urls.length > 0 ? null : at ? (notServedReason(lan.interfaces(), at.host, lan.settings().interfaces) ?? 'no address to show') : 'the server is not listening yet';
    const body: ServerLanDto = { id: lan.serverId(), name: lan.name(), urls, reason };
    res.set('Cache-Control', 'no-store').json(body);
  });
  // only this server's own URLs are drawn: not a QR code service for anything else
  router.get('/server/lan/qr', async (req, res) => {
    const { url } = parseInput(qrQuery, req.query, 'query');
    if (!lan.lanUrls().some((u) => u.url === url)) throw notFound(`LAN URL ${url}`);
    const svg = await QRCode.toString(url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } });
    res.set('Cache-Control', 'no-store').type('image/svg+xml').send(svg);
  });
  return router;
}
