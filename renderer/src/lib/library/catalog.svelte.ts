// The home grid's titles and the libraries behind them, as the grid and the header see them.
import { listLibraries, listTitles, type LibraryDto, type TitleCardDto } from '../api.ts';

class Catalog {
  /** null until the first answer */
  titles = $state<TitleCardDto[] | null>(null);
  libraries = $state<LibraryDto[]>([]);

  get scanning(): boolean {
    return this.libraries.some((library) => library.scanning);
  }

  /** a library is being scanned or has not had its first scan yet: more titles may come */
  get expectingMore(): boolean {
    return this.libraries.some((library) => library.scanning || library.lastScanAt === null);
  }

  async refresh(signal?: AbortSignal): Promise<void> {
    const [libraries, titles] = await Promise.all([listLibraries(signal), listTitles(signal)]);
    this.libraries = libraries;
    // the server sorts by title ("The" and "A" aside)
    this.titles = titles;
  }

  /** The admin page has newer library states: the header's "Scanning" follows them. */
  setLibraries(libraries: LibraryDto[]): void {
    this.libraries = libraries;
  }
}

export const catalog = new Catalog();

/** The grid card's key: movie and series ids come from different tables and may be equal. */
export const cardKey = (card: Pick<TitleCardDto, 'type' | 'id'>) => `${card.type}-${card.id}`;
