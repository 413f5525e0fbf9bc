import { artworkUrl } from '../catalog/catalog.dto.js';
import type { SearchHitDto, SearchResultDto, SearchTitleDto } from '../http/api-types.js';
import type { SearchHit, SearchTitle } from './search.types.js';

function toSearchTitleDto(t: SearchTitle): SearchTitleDto {
  const poster = t.poster ? artworkUrl(`/api/${t.poster.owner === 'series' ? 'series' : 'items'}/${t.poster.id}/artwork/poster`, t.poster.file) : null;
  return {
    type: t.type,
    id: t.id,
    title: t.title,
    year: t.year,
    posterUrl: poster,
    seriesId: t.seriesId,
    seriesTitle: t.seriesTitle,
    season: t.season,
    episode: t.episode,
    plays: t.plays,
  };
}

function toSearchHitDto(hit: SearchHit): SearchHitDto {
  const match = { field: hit.match.field, text: hit.match.text, highlights: hit.match.highlights.map(([start, end]): [number, number] => [start, end]) };
  if (hit.kind === 'title') return { type: hit.title.type, id: hit.title.id, name: hit.title.title, match, title: toSearchTitleDto(hit.title), titles: [] };
  return { type: hit.kind, id: hit.id, name: hit.name, match, title: null, titles: hit.titles.map(toSearchTitleDto) };
}

export const toSearchResultDto = (query: string, hits: readonly SearchHit[]): SearchResultDto => ({ query, hits: hits.map(toSearchHitDto) });
